-- Media processed in a job (processing_error says why a file was refused there; processed_at
-- stays NULL until the job finishes) and remote media kept in the media cache (remote_url is
-- the original address; the row's user is the remote author and its status the remote post).
ALTER TABLE media_attachments ADD COLUMN processing_error text NOT NULL DEFAULT '';
ALTER TABLE media_attachments ADD COLUMN remote_url text NOT NULL DEFAULT '';
CREATE INDEX media_attachments_cached ON media_attachments (created_at) WHERE remote_url <> '';
