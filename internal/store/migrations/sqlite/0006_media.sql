-- Media uploaded by local users. An attachment belongs to its uploader (user_id) and, once a
-- status uses it, to that status (status_ap_id, NULL until then); the files live in the media
-- storage under file_key and preview_key. processed_at is NULL while processing runs.
CREATE TABLE media_attachments (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    file_key     TEXT NOT NULL,
    preview_key  TEXT NOT NULL DEFAULT '',
    mime         TEXT NOT NULL,
    size         INTEGER NOT NULL,
    meta         JSON_TEXT NOT NULL DEFAULT '{}',
    description  TEXT NOT NULL DEFAULT '',
    focus_x      REAL NOT NULL DEFAULT 0,
    focus_y      REAL NOT NULL DEFAULT 0,
    blurhash     TEXT NOT NULL DEFAULT '',
    status_ap_id TEXT,
    created_at   TIMESTAMP NOT NULL,
    processed_at TIMESTAMP
);
CREATE INDEX media_attachments_user_id ON media_attachments (user_id, id);
CREATE INDEX media_attachments_status ON media_attachments (status_ap_id) WHERE status_ap_id IS NOT NULL;
CREATE INDEX media_attachments_unattached ON media_attachments (created_at) WHERE status_ap_id IS NULL;
