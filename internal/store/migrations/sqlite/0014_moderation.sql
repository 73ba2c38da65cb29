-- Moderation (issue 5): the runtime settings the admin page changes, relay subscriptions,
-- instance-wide domain blocks, the state of reports, and suspended accounts.

-- One row (id 1) once an admin has changed a setting; a NULL column falls back to the
-- EGREGOROS_* variable (registrations_open: EGREGOROS_REGISTRATIONS_OPEN).
CREATE TABLE instance_settings (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    registrations_open BOOLEAN,
    updated_at         TIMESTAMP NOT NULL
);

-- Relays the instance actor follows: pending until the relay's Accept, gone on its Reject.
CREATE TABLE relays (
    id           TEXT PRIMARY KEY,
    ap_id        TEXT NOT NULL UNIQUE,
    inbox        TEXT NOT NULL DEFAULT '',
    state        TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'accepted')),
    follow_ap_id TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);

-- Domains the instance blocks (subdomains included): silence keeps their posts off the public
-- timelines; suspend also refuses their deliveries and stops fetching from and delivering to
-- them.
CREATE TABLE instance_domain_blocks (
    domain         TEXT PRIMARY KEY,
    severity       TEXT NOT NULL CHECK (severity IN ('silence', 'suspend')),
    reject_media   BOOLEAN NOT NULL DEFAULT FALSE,
    public_comment TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);

-- A report (a Flag in objects) is open until an admin resolves it.
CREATE TABLE report_states (
    flag_ap_id  TEXT PRIMARY KEY,
    resolved_at TIMESTAMP,
    resolved_by TEXT NOT NULL DEFAULT '',
    updated_at  TIMESTAMP NOT NULL
);

-- A suspended account cannot sign in or use its tokens, and its posts are hidden; its
-- deliveries (for a remote account) are refused.
ALTER TABLE users ADD COLUMN suspended_at TIMESTAMP;
CREATE INDEX users_suspended ON users (ap_id) WHERE suspended_at IS NOT NULL;
