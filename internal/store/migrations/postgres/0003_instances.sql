-- Remote servers we deliver to: consecutive failures, so that a host that keeps failing is
-- retried less often.
CREATE TABLE instances (
    host              text PRIMARY KEY,
    failures          integer NOT NULL DEFAULT 0,
    first_failure_at  timestamptz,
    last_failure_at   timestamptz,
    last_success_at   timestamptz
);
