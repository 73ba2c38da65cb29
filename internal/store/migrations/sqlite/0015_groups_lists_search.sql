-- notifications.group_key: the group of a grouped notification (favourite, reblog, follow),
-- assigned when it is added as Mastodon does (store.AddNotification): "<type>-<status id>-<hour>"
-- or "follow-<hour>", where hour is the hour bucket of the type's latest group while that is less
-- than 12 hours old. NULL for the types that are never grouped. Older notifications get the
-- 12-hour window they fell in.
ALTER TABLE notifications ADD COLUMN group_key TEXT;
CREATE INDEX notifications_user_group_key ON notifications (user_id, group_key, id) WHERE group_key IS NOT NULL;

UPDATE notifications SET group_key = CASE
    WHEN type = 'follow' THEN 'follow-' || (CAST(strftime('%s', created_at) AS INTEGER) / 43200 * 12)
    ELSE type || '-' || (SELECT o.id FROM objects o WHERE o.ap_id = notifications.object) || '-' ||
        (CAST(strftime('%s', created_at) AS INTEGER) / 43200 * 12)
    END
WHERE type = 'follow' OR (type IN ('favourite', 'reblog') AND EXISTS (SELECT 1 FROM objects o WHERE o.ap_id = notifications.object));

-- A list holds only accounts its owner follows (or asked to follow): when the last Follow or
-- FollowRequest from the owner to an account ends (unfollow, block, Reject, Undo, removal from
-- followers), the account leaves all of the owner's lists, as Mastodon's list accounts go with
-- their follow. Memberships already stale are dropped here.
DELETE FROM relationships WHERE type LIKE 'List:%' AND NOT EXISTS (SELECT 1 FROM relationships f
    WHERE f.actor = relationships.actor AND f.object = relationships.object AND f.type IN ('Follow', 'FollowRequest'));

CREATE TRIGGER relationships_follow_end_lists AFTER DELETE ON relationships WHEN OLD.type IN ('Follow', 'FollowRequest')
BEGIN
    DELETE FROM relationships WHERE actor = OLD.actor AND object = OLD.object AND type LIKE 'List:%'
        AND NOT EXISTS (SELECT 1 FROM relationships f WHERE f.actor = OLD.actor AND f.object = OLD.object
            AND f.type IN ('Follow', 'FollowRequest'));
END;

-- Full-text search of statuses: status_search holds the searchable text of each Note and
-- Question (content warning, text without markup, poll options, media descriptions), written by
-- store.writeSideTables; on SQLite an FTS5 index (status_search_fts, external content, kept by
-- the triggers below), on PostgreSQL a GIN index over to_tsvector('simple', body), stored as
-- status_search.body_fts (PostgreSQL's only column: the schema comparison leaves out *_fts).
CREATE TABLE status_search (
    seq       INTEGER PRIMARY KEY,
    object_id TEXT NOT NULL UNIQUE REFERENCES objects (id) ON DELETE CASCADE,
    body      TEXT NOT NULL
);

CREATE VIRTUAL TABLE status_search_fts USING fts5 (body, content = 'status_search', content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 0');

CREATE TRIGGER status_search_insert AFTER INSERT ON status_search
BEGIN
    INSERT INTO status_search_fts (rowid, body) VALUES (NEW.seq, NEW.body);
END;

CREATE TRIGGER status_search_delete AFTER DELETE ON status_search
BEGIN
    INSERT INTO status_search_fts (status_search_fts, rowid, body) VALUES ('delete', OLD.seq, OLD.body);
END;

CREATE TRIGGER status_search_update AFTER UPDATE ON status_search
BEGIN
    INSERT INTO status_search_fts (status_search_fts, rowid, body) VALUES ('delete', OLD.seq, OLD.body);
    INSERT INTO status_search_fts (rowid, body) VALUES (NEW.seq, NEW.body);
END;

-- The statuses stored before: the content warning and the text, tags removed.
INSERT INTO status_search (object_id, body)
WITH RECURSIVE strip (id, t) AS (
    SELECT id, coalesce(json_extract(data, '$.summary'), '') || ' ' || coalesce(json_extract(data, '$.content'), '')
    FROM objects WHERE type IN ('Note', 'Question')
    UNION ALL
    SELECT id, substr(t, 1, instr(t, '<') - 1) || ' ' || substr(t, instr(t, '<') + instr(substr(t, instr(t, '<')), '>'))
    FROM strip WHERE instr(t, '<') > 0 AND instr(substr(t, instr(t, '<')), '>') > 0
)
SELECT id, replace(replace(replace(replace(replace(t, '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&#39;', ''''), '&amp;', '&')
FROM strip WHERE NOT (instr(t, '<') > 0 AND instr(substr(t, instr(t, '<')), '>') > 0);
