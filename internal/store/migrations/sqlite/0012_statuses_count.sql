-- users.statuses_count: each account's Notes and Questions, kept by triggers on objects in the
-- same transaction as the insert or delete, so that rendering an account reads one column
-- instead of counting its statuses (issue 7). store.StatusCounts reads it.
ALTER TABLE users ADD COLUMN statuses_count INTEGER NOT NULL DEFAULT 0;

UPDATE users SET statuses_count = (SELECT count(*) FROM objects WHERE objects.actor = users.ap_id AND objects.type IN ('Note', 'Question'));

CREATE TRIGGER objects_statuses_count_insert AFTER INSERT ON objects WHEN NEW.type IN ('Note', 'Question')
BEGIN
    UPDATE users SET statuses_count = statuses_count + 1 WHERE ap_id = NEW.actor;
END;

CREATE TRIGGER objects_statuses_count_delete AFTER DELETE ON objects WHEN OLD.type IN ('Note', 'Question')
BEGIN
    UPDATE users SET statuses_count = statuses_count - 1 WHERE ap_id = OLD.actor;
END;

CREATE TRIGGER objects_statuses_count_update AFTER UPDATE OF type, actor ON objects
BEGIN
    UPDATE users SET statuses_count = statuses_count - 1 WHERE ap_id = OLD.actor AND OLD.type IN ('Note', 'Question');
    UPDATE users SET statuses_count = statuses_count + 1 WHERE ap_id = NEW.actor AND NEW.type IN ('Note', 'Question');
END;

-- An account stored after some of its statuses (a fetched object before its actor) starts
-- from what is already there.
CREATE TRIGGER users_statuses_count AFTER INSERT ON users
BEGIN
    UPDATE users SET statuses_count = (SELECT count(*) FROM objects WHERE objects.actor = NEW.ap_id
        AND objects.type IN ('Note', 'Question')) WHERE id = NEW.id;
END;
