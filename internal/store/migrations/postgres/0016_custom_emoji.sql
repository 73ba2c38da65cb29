-- Custom emoji of this server (added with `egregoros emoji add` or on the admin page): the
-- image and its static version in media storage (keys, and the URLs they were stored under),
-- the image's media type for the ActivityPub Emoji tag, and the picker's category.
CREATE TABLE custom_emojis (
    shortcode         text COLLATE "C" PRIMARY KEY,
    file_key          text NOT NULL,
    static_key        text NOT NULL,
    url               text NOT NULL,
    static_url        text NOT NULL,
    mime              text NOT NULL,
    category          text NOT NULL DEFAULT '',
    visible_in_picker boolean NOT NULL DEFAULT TRUE,
    created_at        timestamptz NOT NULL
);
