-- Every ActivityPub object and activity, local and remote.
CREATE TABLE objects (
    id          text COLLATE "C" PRIMARY KEY,
    ap_id       text NOT NULL UNIQUE,
    type        text NOT NULL,
    actor       text,
    object      text,
    data        jsonb NOT NULL,
    internal    jsonb NOT NULL DEFAULT '{}',
    published   timestamptz NOT NULL,
    local       boolean NOT NULL,
    in_reply_to text,
    context     text,
    has_media   boolean NOT NULL DEFAULT false,
    visibility  text NOT NULL,
    inserted_at timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
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
    object_id text COLLATE "C" NOT NULL REFERENCES objects (id) ON DELETE CASCADE,
    recipient text NOT NULL,
    PRIMARY KEY (object_id, recipient)
);
CREATE INDEX addressing_recipient_object ON addressing (recipient, object_id);

-- Hashtags of statuses, lowercased, without '#'.
CREATE TABLE hashtags (
    object_id text COLLATE "C" NOT NULL REFERENCES objects (id) ON DELETE CASCADE,
    tag       text NOT NULL,
    PRIMARY KEY (object_id, tag)
);
CREATE INDEX hashtags_tag_object ON hashtags (tag, object_id);

-- Local and remote actors.
CREATE TABLE users (
    id             text COLLATE "C" PRIMARY KEY,
    ap_id          text NOT NULL UNIQUE,
    nickname       text NOT NULL,
    domain         text,
    local          boolean NOT NULL,
    actor_type     text NOT NULL DEFAULT 'Person',
    inbox          text NOT NULL DEFAULT '',
    shared_inbox   text NOT NULL DEFAULT '',
    outbox         text NOT NULL DEFAULT '',
    followers_url  text NOT NULL DEFAULT '',
    following_url  text NOT NULL DEFAULT '',
    featured_url   text NOT NULL DEFAULT '',
    url            text NOT NULL DEFAULT '',
    public_key     text NOT NULL DEFAULT '',
    private_key    text NOT NULL DEFAULT '',
    name           text NOT NULL DEFAULT '',
    bio            text NOT NULL DEFAULT '',
    avatar_url     text NOT NULL DEFAULT '',
    header_url     text NOT NULL DEFAULT '',
    fields         jsonb NOT NULL DEFAULT '[]',
    emojis         jsonb NOT NULL DEFAULT '[]',
    also_known_as  jsonb NOT NULL DEFAULT '[]',
    moved_to       text NOT NULL DEFAULT '',
    locked         boolean NOT NULL DEFAULT false,
    bot            boolean NOT NULL DEFAULT false,
    discoverable   boolean NOT NULL DEFAULT true,
    admin          boolean NOT NULL DEFAULT false,
    email          text,
    password_hash  text NOT NULL DEFAULT '',
    data           jsonb NOT NULL DEFAULT '{}',
    fetched_at     timestamptz,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    CHECK (local OR domain IS NOT NULL)
);
CREATE UNIQUE INDEX users_local_nickname ON users (lower(nickname)) WHERE local;
CREATE UNIQUE INDEX users_remote_nickname_domain ON users (lower(nickname), domain) WHERE NOT local;
CREATE UNIQUE INDEX users_email ON users (lower(email)) WHERE email IS NOT NULL;
CREATE INDEX users_shared_inbox ON users (shared_inbox);

-- Unique actor-to-object state: Follow, FollowRequest, Like, Announce, EmojiReact:<emoji>,
-- Bookmark, Block, Mute.
CREATE TABLE relationships (
    id             text COLLATE "C" PRIMARY KEY,
    type           text NOT NULL,
    actor          text NOT NULL,
    object         text NOT NULL,
    activity_ap_id text,
    emoji_url      text,
    expires_at     timestamptz,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    UNIQUE (type, actor, object)
);
CREATE INDEX relationships_object_type ON relationships (object, type);
CREATE INDEX relationships_actor_type ON relationships (actor, type);

-- Notifications for local users, stored so that they can be dismissed and cleared.
CREATE TABLE notifications (
    id             text COLLATE "C" PRIMARY KEY,
    user_id        text COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    type           text NOT NULL,
    actor          text NOT NULL,
    object         text,
    activity_ap_id text NOT NULL,
    emoji          text,
    read           boolean NOT NULL DEFAULT false,
    created_at     timestamptz NOT NULL,
    UNIQUE (user_id, type, activity_ap_id)
);
CREATE INDEX notifications_user_id ON notifications (user_id, id);
