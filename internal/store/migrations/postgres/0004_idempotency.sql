-- Idempotency-Key of POST /api/v1/statuses: the status a user's key produced, kept an hour,
-- so that a retried request returns the first status instead of posting twice. key_digest is
-- the SHA-256 of the key; status_ap_id is NULL while the first request is still running.
CREATE TABLE idempotency_keys (
    user_id      text COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key_digest   text NOT NULL,
    status_ap_id text,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (user_id, key_digest)
);
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
