-- Chart images that Teams cards load from /media/<token>.png: any instance may be asked for one.
CREATE TABLE media (
  token text PRIMARY KEY,
  content_type text NOT NULL,
  bytes bytea NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX media_expires_at ON media (expires_at);
