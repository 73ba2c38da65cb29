-- Lists of a local user (the accounts of a list are relationships of type 'List:' + the
-- list's id, from the owner to each account, see store/lists.go).
CREATE TABLE lists (
    id             TEXT PRIMARY KEY,
    user_id        TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title          TEXT NOT NULL,
    replies_policy TEXT NOT NULL DEFAULT 'list',
    exclusive      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX lists_user_id ON lists (user_id, id);

-- Filters (v2) of a local user, with their keywords ([{id, keyword, whole_word}]) and
-- statuses ([{id, status_id}]): a viewer's filters are read in one query whenever statuses
-- are rendered for them.
CREATE TABLE filters (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title         TEXT NOT NULL,
    context       JSON_TEXT NOT NULL DEFAULT '[]',
    filter_action TEXT NOT NULL DEFAULT 'warn',
    keywords      JSON_TEXT NOT NULL DEFAULT '[]',
    statuses      JSON_TEXT NOT NULL DEFAULT '[]',
    expires_at    TIMESTAMP,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX filters_user_id ON filters (user_id, id);
