-- One row per partnership: the whole partnership as one JSON document, validated against
-- the same schema as the files whenever it is read. Fields the partnership gains later live
-- in the document, so they need no migration.
CREATE TABLE partnerships (
  id text PRIMARY KEY,
  schema_version integer NOT NULL,
  -- NULL only inside the transaction that creates the row (the row is its lock).
  doc jsonb,
  -- Raised by every write, so an instance can tell whether the copy it holds is current.
  version bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- When the partnership next has scheduled work; kept by the scheduler.
  due_at timestamptz
);
CREATE INDEX partnerships_due_at ON partnerships (due_at) WHERE due_at IS NOT NULL;

-- Secrets of the installation that every instance must share: the member key.
CREATE TABLE installation_secrets (
  name text PRIMARY KEY,
  value text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Teams and Slack deliveries already taken, so a retry reaching another instance does nothing.
CREATE TABLE deliveries (
  key text PRIMARY KEY,
  expires_at timestamptz NOT NULL
);
CREATE INDEX deliveries_expires_at ON deliveries (expires_at);

-- Values held for one member between two requests: Teams exports waiting for consent.
CREATE TABLE held_values (
  id text PRIMARY KEY,
  owner text NOT NULL,
  value text NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX held_values_expires_at ON held_values (expires_at);
