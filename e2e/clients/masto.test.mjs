// masto.js (the client library Elk and Phanpy use) driving a running Egregoros server.
// Run by e2e/clients/clients_test.go, which starts the server and creates the users; the
// environment names them: EGREGOROS_URL, ALICE_PASSWORD, BOB_PASSWORD.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { createRestAPIClient, createOAuthAPIClient, createStreamingAPIClient } from "masto";

const url = process.env.EGREGOROS_URL;
const redirectUri = "http://127.0.0.1/callback";

// Log in through the real authorization-code flow with PKCE: register an app, open the
// consent page, submit it like a browser (with its CSRF cookie), exchange the code.
async function login(username, password) {
  const anon = createRestAPIClient({ url });
  const app = await anon.v1.apps.create({
    clientName: "masto.js e2e",
    redirectUris: redirectUri,
    scopes: "read write follow push",
  });
  const verifier = randomBytes(48).toString("base64url");
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  const params = new URLSearchParams({
    response_type: "code", client_id: app.clientId, redirect_uri: redirectUri,
    scope: "read write follow push", state: "s1", code_challenge: challenge, code_challenge_method: "S256",
  });
  const page = await fetch(`${url}/oauth/authorize?${params}`);
  assert.equal(page.status, 200);
  const html = await page.text();
  const csrf = html.match(/name="csrf_token" value="([^"]+)"/)[1];
  const cookie = page.headers.get("set-cookie").split(";")[0];
  const form = new URLSearchParams({
    client_id: app.clientId, redirect_uri: redirectUri, scope: "read write follow push", state: "s1",
    code_challenge: challenge, code_challenge_method: "S256", csrf_token: csrf,
    username, password, decision: "approve",
  });
  const submit = await fetch(`${url}/oauth/authorize`, {
    method: "POST", body: form, redirect: "manual", headers: { cookie },
  });
  assert.equal(submit.status, 302);
  const back = new URL(submit.headers.get("location"));
  assert.equal(back.searchParams.get("state"), "s1");
  const oauth = createOAuthAPIClient({ url });
  const token = await oauth.token.create({
    grantType: "authorization_code", clientId: app.clientId, clientSecret: app.clientSecret,
    redirectUri, code: back.searchParams.get("code"), codeVerifier: verifier,
  });
  assert.ok(token.accessToken);
  return { rest: createRestAPIClient({ url, accessToken: token.accessToken }), token: token.accessToken };
}

// collect starts reading a subscription at once (masto.js connects when iteration starts)
// and keeps every event, so that later waits see events that came before them.
function collect(sub) {
  const seen = [];
  (async () => {
    for await (const e of sub) seen.push(e);
  })().catch(() => {});
  return seen;
}

// next waits, polling, for the first collected event that matches pred.
async function next(seen, pred, what, ms = 15000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const e = seen.find(pred);
    if (e) return e;
    if (Date.now() > deadline) throw new Error(`no ${what} event; got ${seen.map((x) => x.event).join(", ")}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test("masto.js: log in, post, read, interact, follow, notifications, streaming", async () => {
  const alice = await login("alice", process.env.ALICE_PASSWORD);
  const bob = await login("bob", process.env.BOB_PASSWORD);
  const me = await alice.rest.v1.accounts.verifyCredentials();
  assert.equal(me.username, "alice");

  const instance = await alice.rest.v2.instance.fetch();
  const streaming = createStreamingAPIClient({
    streamingApiUrl: instance.configuration.urls.streaming, accessToken: alice.token, retry: false,
  });
  try {
  const userStream = collect(streaming.user.subscribe());
  const publicStream = collect(streaming.public.subscribe());
  // masto.js connects lazily: post probes until one comes back on the stream, so that the
  // subscriptions are known to be in place before the real checks.
  for (let i = 0; ; i++) {
    const probe = await alice.rest.v1.statuses.create({ status: `probe ${i}`, visibility: "public" });
    try {
      await next(publicStream, (e) => e.event === "update" && e.payload.id === probe.id, "probe", 1000);
      break;
    } catch (err) {
      if (i >= 30) throw err;
    }
  }

  // A post with a poll and a content warning.
  const post = await alice.rest.v1.statuses.create({
    status: "Which one? #e2e", spoilerText: "a poll", poll: { options: ["this", "that"], expiresIn: 3600 },
  });
  assert.equal(post.spoilerText, "a poll");
  assert.equal(post.poll.options.length, 2);
  const update = await next(publicStream, (e) => e.event === "update" && e.payload.id === post.id, "update");
  assert.equal(update.payload.account.username, "alice");

  const home = await alice.rest.v1.timelines.home.list({ limit: 5 });
  assert.ok(home.some((s) => s.id === post.id));
  const pub = await bob.rest.v1.timelines.public.list({ limit: 5 });
  assert.ok(pub.some((s) => s.id === post.id));

  // Bob follows alice, favourites, boosts and bookmarks her post.
  const aliceOnBob = await bob.rest.v1.accounts.lookup({ acct: "alice" });
  const rel = await bob.rest.v1.accounts.$select(aliceOnBob.id).follow();
  assert.equal(rel.following, true);
  const fav = await bob.rest.v1.statuses.$select(post.id).favourite();
  assert.equal(fav.favourited, true);
  const boost = await bob.rest.v1.statuses.$select(post.id).reblog();
  assert.equal(boost.reblog.id, post.id);
  const saved = await bob.rest.v1.statuses.$select(post.id).bookmark();
  assert.equal(saved.bookmarked, true);
  const voted = await bob.rest.v1.polls.$select(post.poll.id).votes.create({ choices: [1] });
  assert.equal(voted.votesCount, 1);

  const notification = await next(userStream, (e) => e.event === "notification" && e.payload.type === "favourite", "notification");
  assert.equal(notification.payload.account.username, "bob");
  const notifications = await alice.rest.v1.notifications.list();
  const types = new Set(notifications.map((n) => n.type));
  for (const t of ["follow", "favourite", "reblog"]) assert.ok(types.has(t), `missing ${t} notification`);

  // Delete: the stream says so.
  await alice.rest.v1.statuses.$select(post.id).remove();
  const deleted = await next(publicStream, (e) => e.event === "delete" && e.payload === post.id, "delete");
  assert.equal(deleted.payload, post.id);
  } finally {
    streaming.close();
  }
});
