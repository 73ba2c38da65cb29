-- Statuses a local user scheduled (POST /api/v1/statuses with scheduled_at): the status's
-- parameters as JSON (mastodon.ComposeParams), published by a River job at scheduled_at.
CREATE TABLE scheduled_statuses (
    id           text COLLATE "C" PRIMARY KEY,
    user_id      text COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    scheduled_at timestamptz NOT NULL,
    params       text NOT NULL,
    created_at   timestamptz NOT NULL
);
CREATE INDEX scheduled_statuses_user_at ON scheduled_statuses (user_id, scheduled_at);

-- A local user's state of a direct conversation (a thread of direct statuses, by context):
-- its stable id, what was read, and up to which status it was removed from the list.
CREATE TABLE conversations (
    id               text COLLATE "C" PRIMARY KEY,
    user_id          text COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    context          text NOT NULL,
    last_read_id     text COLLATE "C" NOT NULL DEFAULT '',
    removed_until_id text COLLATE "C" NOT NULL DEFAULT '',
    UNIQUE (user_id, context)
);

-- A local user's notification filtering policy (Mastodon's NotificationPolicy): accept,
-- filter or drop for each kind of sender. No row: every kind is accepted.
CREATE TABLE notification_policies (
    user_id              text COLLATE "C" PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    for_not_following    text NOT NULL,
    for_not_followers    text NOT NULL,
    for_new_accounts     text NOT NULL,
    for_private_mentions text NOT NULL,
    for_limited_accounts text NOT NULL,
    updated_at           timestamptz NOT NULL
);
