-- Moderation (issue 5): the runtime settings the admin page changes, relay subscriptions,
-- instance-wide domain blocks, the state of reports, and suspended accounts.

-- One row (id 1) once an admin has changed a setting; a NULL column falls back to the
-- EGREGOROS_* variable (registrations_open: EGREGOROS_REGISTRATIONS_OPEN).
CREATE TABLE instance_settings (
    id                 integer PRIMARY KEY CHECK (id = 1),
    registrations_open boolean,
    updated_at         timestamptz NOT NULL
);

-- Relays the instance actor follows: pending until the relay's Accept, gone on its Reject.
CREATE TABLE relays (
    id           text COLLATE "C" PRIMARY KEY,
    ap_id        text NOT NULL UNIQUE,
    inbox        text NOT NULL DEFAULT '',
    state        text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'accepted')),
    follow_ap_id text NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);

-- Domains the instance blocks (subdomains included): silence keeps their posts off the public
-- timelines; suspend also refuses their deliveries and stops fetching from and delivering to
-- them.
CREATE TABLE instance_domain_blocks (
    domain         text PRIMARY KEY,
    severity       text NOT NULL CHECK (severity IN ('silence', 'suspend')),
    reject_media   boolean NOT NULL DEFAULT FALSE,
    public_comment text NOT NULL DEFAULT '',
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);

-- A report (a Flag in objects) is open until an admin resolves it.
CREATE TABLE report_states (
    flag_ap_id  text PRIMARY KEY,
    resolved_at timestamptz,
    resolved_by text NOT NULL DEFAULT '',
    updated_at  timestamptz NOT NULL
);

-- A suspended account cannot sign in or use its tokens, and its posts are hidden; its
-- deliveries (for a remote account) are refused.
ALTER TABLE users ADD COLUMN suspended_at timestamptz;
CREATE INDEX users_suspended ON users (ap_id) WHERE suspended_at IS NOT NULL;
