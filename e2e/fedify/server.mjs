// A small, independent ActivityPub server built with Fedify (not our code), for the
// end-to-end test in fedify_test.go: one actor, "fed", that accepts follows, follows others,
// records what it receives and posts public notes to its followers, with Fedify's own HTTP
// signatures and verification. PORT is the port on 127.0.0.1. The /_test/ endpoints let the
// Go test drive it; everything else is Fedify's federation handler.
import http from "node:http";
import {
  createFederation,
  generateCryptoKeyPair,
  InProcessMessageQueue,
  MemoryKvStore,
} from "@fedify/fedify";
import {
  Accept,
  Collection,
  Create,
  Delete,
  Document,
  Endpoints,
  Follow,
  Note,
  Person,
  PUBLIC_COLLECTION,
  Question,
  Undo,
} from "@fedify/fedify/vocab";
import { Temporal } from "@js-temporal/polyfill";

const port = Number(process.env.PORT);
const origin = `http://127.0.0.1:${port}`;
const NICK = "fed";

const federation = createFederation({
  kv: new MemoryKvStore(),
  queue: new InProcessMessageQueue(),
  allowPrivateAddress: true, // two servers on loopback, plain http
  origin,
});

const keys = [await generateCryptoKeyPair("RSASSA-PKCS1-v1_5")];
const state = { followers: new Map(), accepted: [], notes: [], deleted: [], follows: 0, posts: 0 };

federation
  .setActorDispatcher("/users/{identifier}", async (ctx, identifier) => {
    if (identifier !== NICK) return null;
    const pairs = await ctx.getActorKeyPairs(identifier);
    return new Person({
      id: ctx.getActorUri(identifier),
      preferredUsername: identifier,
      name: "Fedify test actor",
      inbox: ctx.getInboxUri(identifier),
      outbox: ctx.getOutboxUri(identifier),
      followers: ctx.getFollowersUri(identifier),
      endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
      publicKey: pairs[0].cryptographicKey,
      assertionMethods: pairs.map((p) => p.multikey),
    });
  })
  .setKeyPairsDispatcher(async (_ctx, identifier) => (identifier === NICK ? keys : []));

federation.setOutboxDispatcher("/users/{identifier}/outbox", async () => ({ items: [] }));
federation.setFollowersDispatcher("/users/{identifier}/followers", async () => ({
  items: [...state.followers.values()].map((a) => ({ id: a.id, inboxId: a.inboxId, endpoints: a.endpoints })),
}));

federation
  .setInboxListeners("/users/{identifier}/inbox", "/inbox")
  .on(Follow, async (ctx, follow) => {
    if (follow.objectId?.href !== ctx.getActorUri(NICK).href) return;
    const follower = await follow.getActor(ctx);
    if (follower?.id == null || follower.inboxId == null) return;
    state.followers.set(follower.id.href, follower);
    await ctx.sendActivity({ identifier: NICK }, follower, new Accept({
      id: new URL(`/accepts/${state.followers.size}`, origin),
      actor: ctx.getActorUri(NICK),
      object: follow,
    }));
  })
  .on(Accept, async (_ctx, accept) => {
    state.accepted.push({ actor: accept.actorId?.href, object: accept.objectId?.href });
  })
  .on(Create, async (ctx, create) => {
    const note = await create.getObject(ctx);
    if (!(note instanceof Note)) return;
    state.notes.push({
      id: note.id?.href, actor: create.actorId?.href, content: String(note.content ?? ""),
      name: note.name == null ? "" : String(note.name), inReplyTo: note.replyTargetId?.href ?? "",
    });
  })
  .on(Delete, async (_ctx, del) => {
    state.deleted.push({ actor: del.actorId?.href, object: del.objectId?.href });
  })
  .on(Undo, async (_ctx, undo) => {
    const inner = await undo.getObject();
    if (inner instanceof Follow && undo.actorId) state.followers.delete(undo.actorId.href);
  });

// Control endpoints for the test.
async function control(url, method, body) {
  const ctx = federation.createContext(new URL(origin), undefined);
  if (method === "GET" && url.pathname === "/_test/state") {
    return Response.json({
      followers: [...state.followers.keys()], accepted: state.accepted, notes: state.notes, deleted: state.deleted,
    });
  }
  if (method === "POST" && url.pathname === "/_test/follow") {
    const { actor } = JSON.parse(body);
    const target = await ctx.lookupObject(actor);
    if (target?.id == null || target.inboxId == null) return new Response("actor not found", { status: 404 });
    const id = new URL(`/follows/${++state.follows}`, origin);
    await ctx.sendActivity({ identifier: NICK }, target, new Follow({ id, actor: ctx.getActorUri(NICK), object: target.id }));
    return Response.json({ id: id.href });
  }
  if (method === "POST" && url.pathname === "/_test/post") {
    const { content } = JSON.parse(body);
    const n = ++state.posts;
    const note = new Note({
      id: new URL(`/notes/${n}`, origin),
      attribution: ctx.getActorUri(NICK),
      content,
      published: Temporal.Now.instant(),
      to: PUBLIC_COLLECTION,
      cc: ctx.getFollowersUri(NICK),
    });
    await ctx.sendActivity({ identifier: NICK }, "followers", new Create({
      id: new URL(`/notes/${n}/activity`, origin),
      actor: ctx.getActorUri(NICK),
      object: note,
      to: PUBLIC_COLLECTION,
      cc: ctx.getFollowersUri(NICK),
    }));
    return Response.json({ id: note.id.href });
  }
  if (method === "POST" && url.pathname === "/_test/poll") {
    // A poll with an image, as Pleroma and Akkoma allow (Mastodon's API does not).
    const { content, options } = JSON.parse(body);
    const n = ++state.posts;
    const question = new Question({
      id: new URL(`/notes/${n}`, origin),
      attribution: ctx.getActorUri(NICK),
      content,
      published: Temporal.Now.instant(),
      endTime: Temporal.Now.instant().add({ hours: 1 }),
      exclusiveOptions: options.map((name) => new Note({ name, replies: new Collection({ totalItems: 0 }) })),
      attachments: [new Document({ url: new URL("/media/cat.png", origin), mediaType: "image/png", name: "a cat" })],
      to: PUBLIC_COLLECTION,
      cc: ctx.getFollowersUri(NICK),
    });
    await ctx.sendActivity({ identifier: NICK }, "followers", new Create({
      id: new URL(`/notes/${n}/activity`, origin),
      actor: ctx.getActorUri(NICK),
      object: question,
      to: PUBLIC_COLLECTION,
      cc: ctx.getFollowersUri(NICK),
    }));
    return Response.json({ id: question.id.href });
  }
  return new Response("not found", { status: 404 });
}

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, origin);
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const body = Buffer.concat(chunks);
    let response;
    if (url.pathname.startsWith("/_test/")) {
      response = await control(url, req.method, body.toString());
    } else {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) {
        for (const one of Array.isArray(v) ? v : [v]) headers.append(k, one);
      }
      const request = new Request(url, {
        method: req.method, headers,
        body: req.method === "GET" || req.method === "HEAD" ? undefined : body,
      });
      response = await federation.fetch(request, {
        contextData: undefined,
        onNotFound: () => new Response("not found", { status: 404 }),
        onNotAcceptable: () => new Response("not acceptable", { status: 406 }),
      });
    }
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  } catch (err) {
    console.error(err);
    res.writeHead(500);
    res.end(String(err));
  }
});
server.listen(port, "127.0.0.1", () => console.log(`fedify peer listening on ${origin}`));
