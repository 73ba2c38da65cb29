-- OAuth 2 applications, authorization codes and tokens of the Mastodon API. Secrets, codes
-- and tokens are stored only as SHA-256 digests.
CREATE TABLE oauth_apps (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    website       TEXT NOT NULL DEFAULT '',
    redirect_uris TEXT NOT NULL,
    scopes        TEXT NOT NULL,
    client_id     TEXT NOT NULL UNIQUE,
    client_secret TEXT NOT NULL,
    user_id       TEXT REFERENCES users (id) ON DELETE CASCADE,
    created_at    TIMESTAMP NOT NULL
);

CREATE TABLE oauth_codes (
    code_digest           TEXT PRIMARY KEY,
    app_id                TEXT NOT NULL REFERENCES oauth_apps (id) ON DELETE CASCADE,
    user_id               TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    redirect_uri          TEXT NOT NULL,
    scopes                TEXT NOT NULL,
    code_challenge        TEXT NOT NULL DEFAULT '',
    code_challenge_method TEXT NOT NULL DEFAULT '',
    expires_at            TIMESTAMP NOT NULL,
    created_at            TIMESTAMP NOT NULL
);

CREATE TABLE oauth_tokens (
    id                   TEXT PRIMARY KEY,
    token_digest         TEXT NOT NULL UNIQUE,
    refresh_token_digest TEXT UNIQUE,
    app_id               TEXT NOT NULL REFERENCES oauth_apps (id) ON DELETE CASCADE,
    user_id              TEXT REFERENCES users (id) ON DELETE CASCADE,
    scopes               TEXT NOT NULL,
    expires_at           TIMESTAMP,
    revoked_at           TIMESTAMP,
    last_used_at         TIMESTAMP,
    created_at           TIMESTAMP NOT NULL
);
CREATE INDEX oauth_tokens_user ON oauth_tokens (user_id);
