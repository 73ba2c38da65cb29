-- Media uploaded by local users. An attachment belongs to its uploader (user_id) and, once a
-- status uses it, to that status (status_ap_id, NULL until then); the files live in the media
-- storage under file_key and preview_key. processed_at is NULL while processing runs.
CREATE TABLE media_attachments (
    id           text COLLATE "C" PRIMARY KEY,
    user_id      text COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind         text NOT NULL,
    file_key     text NOT NULL,
    preview_key  text NOT NULL DEFAULT '',
    mime         text NOT NULL,
    size         bigint NOT NULL,
    meta         jsonb NOT NULL DEFAULT '{}',
    description  text NOT NULL DEFAULT '',
    focus_x      double precision NOT NULL DEFAULT 0,
    focus_y      double precision NOT NULL DEFAULT 0,
    blurhash     text NOT NULL DEFAULT '',
    status_ap_id text,
    created_at   timestamptz NOT NULL,
    processed_at timestamptz
);
CREATE INDEX media_attachments_user_id ON media_attachments (user_id, id);
CREATE INDEX media_attachments_status ON media_attachments (status_ap_id) WHERE status_ap_id IS NOT NULL;
CREATE INDEX media_attachments_unattached ON media_attachments (created_at) WHERE status_ap_id IS NULL;
