-- OAuth 2 applications, authorization codes and tokens of the Mastodon API. Secrets, codes
-- and tokens are stored only as SHA-256 digests.
CREATE TABLE oauth_apps (
    id            text COLLATE "C" PRIMARY KEY,
    name          text NOT NULL,
    website       text NOT NULL DEFAULT '',
    redirect_uris text NOT NULL,
    scopes        text NOT NULL,
    client_id     text NOT NULL UNIQUE,
    client_secret text NOT NULL,
    user_id       text COLLATE "C" REFERENCES users (id) ON DELETE CASCADE,
    created_at    timestamptz NOT NULL
);

CREATE TABLE oauth_codes (
    code_digest           text PRIMARY KEY,
    app_id                text COLLATE "C" NOT NULL REFERENCES oauth_apps (id) ON DELETE CASCADE,
    user_id               text COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    redirect_uri          text NOT NULL,
    scopes                text NOT NULL,
    code_challenge        text NOT NULL DEFAULT '',
    code_challenge_method text NOT NULL DEFAULT '',
    expires_at            timestamptz NOT NULL,
    created_at            timestamptz NOT NULL
);

CREATE TABLE oauth_tokens (
    id                   text COLLATE "C" PRIMARY KEY,
    token_digest         text NOT NULL UNIQUE,
    refresh_token_digest text UNIQUE,
    app_id               text COLLATE "C" NOT NULL REFERENCES oauth_apps (id) ON DELETE CASCADE,
    user_id              text COLLATE "C" REFERENCES users (id) ON DELETE CASCADE,
    scopes               text NOT NULL,
    expires_at           timestamptz,
    revoked_at           timestamptz,
    last_used_at         timestamptz,
    created_at           timestamptz NOT NULL
);
CREATE INDEX oauth_tokens_user ON oauth_tokens (user_id);
