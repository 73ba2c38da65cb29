-- Private notes a local user keeps about other accounts (the Relationship's note).
CREATE TABLE account_notes (
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    target     TEXT NOT NULL,
    comment    TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, target)
);

-- Reading positions of a local user's timelines (home, notifications), shared between clients;
-- version counts the updates.
CREATE TABLE markers (
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    timeline     TEXT NOT NULL,
    last_read_id TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 0,
    updated_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, timeline)
);
