-- Custom emoji of this server (added with `egregoros emoji add` or on the admin page): the
-- image and its static version in media storage (keys, and the URLs they were stored under),
-- the image's media type for the ActivityPub Emoji tag, and the picker's category.
CREATE TABLE custom_emojis (
    shortcode         TEXT PRIMARY KEY,
    file_key          TEXT NOT NULL,
    static_key        TEXT NOT NULL,
    url               TEXT NOT NULL,
    static_url        TEXT NOT NULL,
    mime              TEXT NOT NULL,
    category          TEXT NOT NULL DEFAULT '',
    visible_in_picker BOOLEAN NOT NULL DEFAULT TRUE,
    created_at        TIMESTAMP NOT NULL
);
