-- Web Push subscriptions: one per access token (a new one replaces it), as Mastodon keeps
-- them. alerts is a JSON object of booleans; policy is all, followed, follower or none.
CREATE TABLE push_subscriptions (
    id         TEXT PRIMARY KEY,
    token_id   TEXT NOT NULL UNIQUE REFERENCES oauth_tokens (id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    endpoint   TEXT NOT NULL,
    key_p256dh TEXT NOT NULL,
    key_auth   TEXT NOT NULL,
    standard   BOOLEAN NOT NULL DEFAULT FALSE,
    alerts     TEXT NOT NULL,
    policy     TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX push_subscriptions_user ON push_subscriptions (user_id);
