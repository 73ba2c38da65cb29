-- users.statuses_count: each account's Notes and Questions, kept by triggers on objects in the
-- same transaction as the insert or delete, so that rendering an account reads one column
-- instead of counting its statuses (issue 7). store.StatusCounts reads it.
ALTER TABLE users ADD COLUMN statuses_count bigint NOT NULL DEFAULT 0;

UPDATE users SET statuses_count = c.n
FROM (SELECT actor, count(*) AS n FROM objects WHERE type IN ('Note', 'Question') AND actor IS NOT NULL GROUP BY actor) c
WHERE users.ap_id = c.actor;

-- A bulk load (the benchmark seed) may set egregoros.defer_statuses_count to 'on' for its
-- transaction and recount afterwards (store.RecountStatuses).
CREATE FUNCTION objects_statuses_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('egregoros.defer_statuses_count', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') AND OLD.type IN ('Note', 'Question') THEN
        UPDATE users SET statuses_count = statuses_count - 1 WHERE ap_id = OLD.actor;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.type IN ('Note', 'Question') THEN
        UPDATE users SET statuses_count = statuses_count + 1 WHERE ap_id = NEW.actor;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER objects_statuses_count AFTER INSERT OR DELETE OR UPDATE OF type, actor ON objects
    FOR EACH ROW EXECUTE FUNCTION objects_statuses_count();

-- An account stored after some of its statuses (a fetched object before its actor) starts
-- from what is already there.
CREATE FUNCTION users_statuses_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.statuses_count := (SELECT count(*) FROM objects WHERE actor = NEW.ap_id AND type IN ('Note', 'Question'));
    RETURN NEW;
END
$$;

CREATE TRIGGER users_statuses_count BEFORE INSERT ON users
    FOR EACH ROW EXECUTE FUNCTION users_statuses_count();
