// megalodon (the Mastodon and Pleroma client library of Whalebird) driving a running Egregoros
// server, once as a Mastodon server and once as a Pleroma server: the two flavours parse
// entities, notifications and stream events with different code. Run by clients_test.go,
// which starts the server and creates the users; the environment names them: EGREGOROS_URL,
// MEGALODON_USERS (flavour:first:second,... with the password of each user "password-" + name).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createReadStream } from "node:fs";
import { writeFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import generator, { detector } from "megalodon";

const url = process.env.EGREGOROS_URL;
const redirectUri = "http://127.0.0.1/callback";
const scopes = ["read", "write", "follow", "push"];

// login registers an app with megalodon, approves it on our consent page as a browser would
// (with its CSRF cookie) and exchanges the code with megalodon.
async function login(flavour, username) {
  const anon = generator(flavour, url);
  const app = await anon.registerApp("megalodon e2e", { scopes, redirect_uris: redirectUri });
  assert.ok(app.client_id && app.client_secret, "app credentials");
  const authorize = new URL(app.url);
  assert.equal(authorize.pathname, "/oauth/authorize");
  const page = await fetch(authorize);
  assert.equal(page.status, 200, "consent page");
  const html = await page.text();
  const csrf = html.match(/name="csrf_token" value="([^"]+)"/)[1];
  const cookie = page.headers.get("set-cookie").split(";")[0];
  const form = new URLSearchParams({
    client_id: app.client_id, redirect_uri: redirectUri, scope: scopes.join(" "), csrf_token: csrf,
    username, password: `password-${username}`, decision: "approve",
  });
  const submit = await fetch(`${url}/oauth/authorize`, { method: "POST", body: form, redirect: "manual", headers: { cookie } });
  assert.equal(submit.status, 302, "consent accepted");
  const code = new URL(submit.headers.get("location")).searchParams.get("code");
  const token = await anon.fetchAccessToken(app.client_id, app.client_secret, code, redirectUri);
  assert.ok(token.access_token, "access token");
  return { client: generator(flavour, url, token.access_token), token: token.access_token };
}

// listen keeps every event a megalodon stream (which connects as it is made) emits, once it
// has connected.
async function listen(ws) {
  const seen = [];
  for (const event of ["update", "notification", "delete", "status_update"]) {
    ws.on(event, (payload) => seen.push({ event, payload }));
  }
  ws.on("parser-error", (err) => seen.push({ event: "parser-error", payload: err }));
  ws.on("error", () => {});
  if (ws._client?.readyState !== 1) { // not open yet
    let timer;
    await new Promise((resolve, reject) => {
      ws.once("connect", resolve);
      timer = setTimeout(() => reject(new Error("the stream did not connect")), 15000);
    });
    clearTimeout(timer);
  }
  return seen;
}

// next waits, polling, for the first kept event that matches pred.
async function next(seen, pred, what, ms = 15000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const e = seen.find(pred);
    if (e) return e;
    const bad = seen.find((x) => x.event === "parser-error");
    if (bad) throw new Error(`megalodon could not parse a stream event: ${bad.payload}`);
    if (Date.now() > deadline) throw new Error(`no ${what} event; got ${seen.map((x) => x.event).join(", ")}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function picture() {
  // A 1×1 PNG.
  const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
  const file = join(await mkdtemp(join(tmpdir(), "megalodon-")), "dot.png");
  await writeFile(file, png);
  return file;
}

// Whalebird asks megalodon's detector which kind of server this is before anything else.
test("megalodon: the detector takes the server for Mastodon", async () => {
  assert.equal(await detector(url), "mastodon");
});

for (const spec of process.env.MEGALODON_USERS.split(",")) {
  const [flavour, first, second] = spec.split(":");
  test(`megalodon (${flavour}): log in, post, read, interact, react, notifications, streaming`, async () => {
    const a = await login(flavour, first);
    const b = await login(flavour, second);
    const me = (await a.client.verifyAccountCredentials()).data;
    assert.equal(me.username, first);
    assert.equal(me.acct, first);
    assert.equal((await b.client.verifyAccountCredentials()).data.username, second);
    const instance = (await a.client.getInstance()).data;
    assert.ok(instance.uri, "instance uri");
    assert.ok((await a.client.getInstanceCustomEmojis()).status === 200);

    // Each stream is listened to as soon as it is made (it connects on its own).
    const userStream = await a.client.userStreaming();
    const user = await listen(userStream);
    const publicStream = await a.client.publicStreaming();
    try {
      const pub = await listen(publicStream);

      // A picture with a description.
      const media = (await a.client.uploadMedia(createReadStream(await picture()), { description: "a single dot" })).data;
      assert.equal(media.type, "image");
      assert.equal(media.description, "a single dot");

      // A post with a content warning and a poll, then one with the picture.
      const post = (await a.client.postStatus("Which one? #e2e", {
        spoiler_text: "a poll", poll: { options: ["this", "that"], expires_in: 3600 }, visibility: "public",
      })).data;
      assert.equal(post.spoiler_text, "a poll");
      assert.equal(post.poll.options.length, 2);
      assert.equal(post.visibility, "public");
      const update = await next(pub, (e) => e.event === "update" && e.payload.id === post.id, "update");
      assert.equal(update.payload.account.username, first);
      assert.equal(update.payload.poll.options[1].title, "that");
      const withPicture = (await a.client.postStatus("A dot", { media_ids: [media.id] })).data;
      assert.equal(withPicture.media_attachments[0].description, "a single dot");

      const home = (await a.client.getHomeTimeline({ limit: 5 })).data;
      assert.ok(home.some((s) => s.id === post.id), "home timeline");
      const pubTL = (await b.client.getPublicTimeline({ limit: 5 })).data;
      assert.ok(pubTL.some((s) => s.id === post.id), "public timeline");
      const local = (await b.client.getLocalTimeline({ limit: 5 })).data;
      assert.ok(local.some((s) => s.id === post.id), "local timeline");
      const tagged = (await b.client.getTagTimeline("e2e", { limit: 5 })).data;
      assert.ok(tagged.some((s) => s.id === post.id), "tag timeline");
      const context = (await b.client.getStatusContext(post.id)).data;
      assert.deepEqual(context.ancestors, []);

      // The second user follows, favourites, boosts, bookmarks, votes and replies.
      const found = (await b.client.lookupAccount(first)).data;
      assert.equal(found.id, me.id);
      const rel = (await b.client.followAccount(found.id)).data;
      assert.equal(rel.following, true);
      const rels = (await b.client.getRelationships([found.id])).data;
      assert.equal(rels[0].following, true);
      assert.equal((await b.client.favouriteStatus(post.id)).data.favourited, true);
      const boost = (await b.client.reblogStatus(post.id)).data;
      assert.equal(boost.reblog.id, post.id);
      assert.equal((await b.client.bookmarkStatus(post.id)).data.bookmarked, true);
      assert.ok((await b.client.getBookmarks()).data.some((s) => s.id === post.id), "bookmarks");
      assert.ok((await b.client.getFavourites()).data.some((s) => s.id === post.id), "favourites");
      const voted = (await b.client.votePoll(post.poll.id, [1], post.id)).data;
      assert.equal(voted.votes_count, 1);
      assert.equal(voted.voted, true);
      const reply = (await b.client.postStatus(`@${first} this one`, { in_reply_to_id: post.id })).data;
      assert.equal(reply.in_reply_to_id, post.id);

      if (flavour === "pleroma") {
        const reacted = (await b.client.createEmojiReaction(post.id, "🔥")).data;
        assert.ok(reacted.emoji_reactions.some((r) => r.name === "🔥" && r.count === 1 && r.me), "reaction on the status");
        const reactions = (await a.client.getEmojiReactions(post.id)).data;
        assert.equal(reactions[0].name, "🔥");
        assert.equal(reactions[0].accounts[0].username, second);
        // One emoji: Pleroma answers a list (of that emoji alone), which megalodon's
        // getEmojiReaction reads as if it were one reaction; check the answer itself.
        const one = await a.client.getEmojiReaction(post.id, "🔥");
        assert.equal(one.status, 200);
        const raw = await (await fetch(`${url}/api/v1/pleroma/statuses/${post.id}/reactions/${encodeURIComponent("🔥")}`,
          { headers: { authorization: `Bearer ${a.token}` } })).json();
        assert.deepEqual(raw.map((r) => [r.name, r.count]), [["🔥", 1]]);
        const n = await next(user, (e) => e.event === "notification" && e.payload.type === "reaction", "reaction notification");
        assert.equal(n.payload.account.username, second);
        assert.equal(n.payload.reaction.name, "🔥");
      }

      const fav = await next(user, (e) => e.event === "notification" && e.payload.type === "favourite", "favourite notification");
      assert.equal(fav.payload.account.username, second);
      assert.equal(fav.payload.status.id, post.id);
      await next(user, (e) => e.event === "notification" && e.payload.type === "mention", "mention notification");
      const notifications = (await a.client.getNotifications()).data;
      const types = new Set(notifications.map((n) => n.type));
      const want = ["follow", "favourite", "reblog", "mention"];
      if (flavour === "pleroma") want.push("reaction");
      for (const t of want) assert.ok(types.has(t), `missing ${t} notification (got ${[...types]})`);
      const others = ["favourite", "reblog", "mention", "poll_expired"].concat(flavour === "pleroma" ? ["reaction"] : []);
      const onlyFollows = (await a.client.getNotifications({ exclude_types: others })).data;
      assert.ok(onlyFollows.length > 0 && onlyFollows.every((n) => n.type === "follow"), "exclude_types");

      // Edit and delete: the stream says so.
      const edited = (await a.client.editStatus(withPicture.id, { status: "A dot, edited", media_ids: [media.id] })).data;
      assert.ok(edited.edited_at, "edited_at");
      await next(pub, (e) => e.event === "status_update" && e.payload.id === withPicture.id, "status_update");
      await a.client.deleteStatus(post.id);
      const deleted = await next(pub, (e) => e.event === "delete" && e.payload === post.id, "delete");
      assert.equal(deleted.payload, post.id);
      const bad = user.concat(pub).find((e) => e.event === "parser-error");
      assert.equal(bad, undefined, "no stream event megalodon could not parse");
    } finally {
      userStream.stop();
      publicStream.stop();
    }
  });
}
