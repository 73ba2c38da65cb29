-- Remote servers we deliver to: consecutive failures, so that a host that keeps failing is
-- retried less often.
CREATE TABLE instances (
    host              TEXT PRIMARY KEY,
    failures          INTEGER NOT NULL DEFAULT 0,
    first_failure_at  TIMESTAMP,
    last_failure_at   TIMESTAMP,
    last_success_at   TIMESTAMP
);
