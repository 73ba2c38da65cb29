-- Private notes a local user keeps about other accounts (the Relationship's note).
CREATE TABLE account_notes (
    user_id    text COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    target     text NOT NULL,
    comment    text NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (user_id, target)
);

-- Reading positions of a local user's timelines (home, notifications), shared between clients;
-- version counts the updates.
CREATE TABLE markers (
    user_id      text COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    timeline     text NOT NULL,
    last_read_id text NOT NULL,
    version      integer NOT NULL DEFAULT 0,
    updated_at   timestamptz NOT NULL,
    PRIMARY KEY (user_id, timeline)
);
