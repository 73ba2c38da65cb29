-- Announcements set by admins (Mastodon's announcements): the source text, rendered as local
-- text when served; starts_at/ends_at (optional) bound when it is shown, all_day widens them to
-- whole days (UTC).
CREATE TABLE announcements (
    id           text COLLATE "C" PRIMARY KEY,
    text         text NOT NULL,
    starts_at    timestamptz,
    ends_at      timestamptz,
    all_day      boolean NOT NULL DEFAULT FALSE,
    published_at timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    created_at   timestamptz NOT NULL
);

-- Which users dismissed (read) which announcement.
CREATE TABLE announcement_reads (
    announcement_id text COLLATE "C" NOT NULL REFERENCES announcements (id) ON DELETE CASCADE,
    user_id         text COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (user_id, announcement_id)
);
CREATE INDEX announcement_reads_announcement ON announcement_reads (announcement_id);

-- Emoji reactions of local users to announcements: a unicode emoji, or the shortcode of a
-- local custom emoji.
CREATE TABLE announcement_reactions (
    announcement_id text COLLATE "C" NOT NULL REFERENCES announcements (id) ON DELETE CASCADE,
    user_id         text COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name            text NOT NULL,
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (announcement_id, name, user_id)
);
CREATE INDEX announcement_reactions_user ON announcement_reactions (user_id);
