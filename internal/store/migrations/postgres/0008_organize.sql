-- Lists of a local user (the accounts of a list are relationships of type 'List:' + the
-- list's id, from the owner to each account, see store/lists.go).
CREATE TABLE lists (
    id             text COLLATE "C" PRIMARY KEY,
    user_id        text COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title          text NOT NULL,
    replies_policy text NOT NULL DEFAULT 'list',
    exclusive      boolean NOT NULL DEFAULT false,
    created_at     timestamptz NOT NULL
);
CREATE INDEX lists_user_id ON lists (user_id, id);

-- Filters (v2) of a local user, with their keywords ([{id, keyword, whole_word}]) and
-- statuses ([{id, status_id}]): a viewer's filters are read in one query whenever statuses
-- are rendered for them.
CREATE TABLE filters (
    id            text COLLATE "C" PRIMARY KEY,
    user_id       text COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title         text NOT NULL,
    context       jsonb NOT NULL DEFAULT '[]',
    filter_action text NOT NULL DEFAULT 'warn',
    keywords      jsonb NOT NULL DEFAULT '[]',
    statuses      jsonb NOT NULL DEFAULT '[]',
    expires_at    timestamptz,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);
CREATE INDEX filters_user_id ON filters (user_id, id);
