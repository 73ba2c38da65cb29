-- JSON columns are declared JSON_TEXT: TEXT affinity in SQLite, and the parity test reads
-- them as json like PostgreSQL's jsonb.
-- Every ActivityPub object and activity, local and remote.
CREATE TABLE objects (
    id          TEXT PRIMARY KEY,
    ap_id       TEXT NOT NULL UNIQUE,
    type        TEXT NOT NULL,
    actor       TEXT,
    object      TEXT,
    data        JSON_TEXT NOT NULL,
    internal    JSON_TEXT NOT NULL DEFAULT '{}',
    published   TIMESTAMP NOT NULL,
    local       BOOLEAN NOT NULL,
    in_reply_to TEXT,
    context     TEXT,
    has_media   BOOLEAN NOT NULL DEFAULT FALSE,
    visibility  TEXT NOT NULL,
    inserted_at TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX objects_type_id ON objects (type, id);
CREATE INDEX objects_actor_type_id ON objects (actor, type, id);
CREATE INDEX objects_type_object_id ON objects (type, object, id) WHERE object IS NOT NULL;
CREATE INDEX objects_in_reply_to_id ON objects (in_reply_to, id) WHERE in_reply_to IS NOT NULL;
CREATE INDEX objects_context_id ON objects (context, id) WHERE context IS NOT NULL;
CREATE INDEX objects_has_media_id ON objects (id) WHERE has_media;
CREATE INDEX objects_visibility_id ON objects (visibility, id);

-- Who an object is addressed to (to, cc, bto, bcc, audience): the index behind visibility
-- checks and the "addressed to me" part of timelines.
CREATE TABLE addressing (
    object_id TEXT NOT NULL REFERENCES objects (id) ON DELETE CASCADE,
    recipient TEXT NOT NULL,
    PRIMARY KEY (object_id, recipient)
);
CREATE INDEX addressing_recipient_object ON addressing (recipient, object_id);

-- Hashtags of statuses, lowercased, without '#'.
CREATE TABLE hashtags (
    object_id TEXT NOT NULL REFERENCES objects (id) ON DELETE CASCADE,
    tag       TEXT NOT NULL,
    PRIMARY KEY (object_id, tag)
);
CREATE INDEX hashtags_tag_object ON hashtags (tag, object_id);

-- Local and remote actors.
CREATE TABLE users (
    id             TEXT PRIMARY KEY,
    ap_id          TEXT NOT NULL UNIQUE,
    nickname       TEXT NOT NULL,
    domain         TEXT,
    local          BOOLEAN NOT NULL,
    actor_type     TEXT NOT NULL DEFAULT 'Person',
    inbox          TEXT NOT NULL DEFAULT '',
    shared_inbox   TEXT NOT NULL DEFAULT '',
    outbox         TEXT NOT NULL DEFAULT '',
    followers_url  TEXT NOT NULL DEFAULT '',
    following_url  TEXT NOT NULL DEFAULT '',
    featured_url   TEXT NOT NULL DEFAULT '',
    url            TEXT NOT NULL DEFAULT '',
    public_key     TEXT NOT NULL DEFAULT '',
    private_key    TEXT NOT NULL DEFAULT '',
    name           TEXT NOT NULL DEFAULT '',
    bio            TEXT NOT NULL DEFAULT '',
    avatar_url     TEXT NOT NULL DEFAULT '',
    header_url     TEXT NOT NULL DEFAULT '',
    fields         JSON_TEXT NOT NULL DEFAULT '[]',
    emojis         JSON_TEXT NOT NULL DEFAULT '[]',
    also_known_as  JSON_TEXT NOT NULL DEFAULT '[]',
    moved_to       TEXT NOT NULL DEFAULT '',
    locked         BOOLEAN NOT NULL DEFAULT FALSE,
    bot            BOOLEAN NOT NULL DEFAULT FALSE,
    discoverable   BOOLEAN NOT NULL DEFAULT TRUE,
    admin          BOOLEAN NOT NULL DEFAULT FALSE,
    email          TEXT,
    password_hash  TEXT NOT NULL DEFAULT '',
    data           JSON_TEXT NOT NULL DEFAULT '{}',
    fetched_at     TIMESTAMP,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    CHECK (local OR domain IS NOT NULL)
);
CREATE UNIQUE INDEX users_local_nickname ON users (lower(nickname)) WHERE local;
CREATE UNIQUE INDEX users_remote_nickname_domain ON users (lower(nickname), domain) WHERE NOT local;
CREATE UNIQUE INDEX users_email ON users (lower(email)) WHERE email IS NOT NULL;
CREATE INDEX users_shared_inbox ON users (shared_inbox);

-- Unique actor-to-object state: Follow, FollowRequest, Like, Announce, EmojiReact:<emoji>,
-- Bookmark, Block, Mute.
CREATE TABLE relationships (
    id             TEXT PRIMARY KEY,
    type           TEXT NOT NULL,
    actor          TEXT NOT NULL,
    object         TEXT NOT NULL,
    activity_ap_id TEXT,
    emoji_url      TEXT,
    expires_at     TIMESTAMP,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    UNIQUE (type, actor, object)
);
CREATE INDEX relationships_object_type ON relationships (object, type);
CREATE INDEX relationships_actor_type ON relationships (actor, type);

-- Notifications for local users, stored so that they can be dismissed and cleared.
CREATE TABLE notifications (
    id             TEXT PRIMARY KEY,
    user_id        TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    type           TEXT NOT NULL,
    actor          TEXT NOT NULL,
    object         TEXT,
    activity_ap_id TEXT NOT NULL,
    emoji          TEXT,
    read           BOOLEAN NOT NULL DEFAULT FALSE,
    created_at     TIMESTAMP NOT NULL,
    UNIQUE (user_id, type, activity_ap_id)
);
CREATE INDEX notifications_user_id ON notifications (user_id, id);
