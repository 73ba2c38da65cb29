-- Web Push subscriptions: one per access token (a new one replaces it), as Mastodon keeps
-- them. alerts is a JSON object of booleans; policy is all, followed, follower or none.
CREATE TABLE push_subscriptions (
    id         text COLLATE "C" PRIMARY KEY,
    token_id   text COLLATE "C" NOT NULL UNIQUE REFERENCES oauth_tokens (id) ON DELETE CASCADE,
    user_id    text COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    endpoint   text NOT NULL,
    key_p256dh text NOT NULL,
    key_auth   text NOT NULL,
    standard   boolean NOT NULL DEFAULT FALSE,
    alerts     text NOT NULL,
    policy     text NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX push_subscriptions_user ON push_subscriptions (user_id);
