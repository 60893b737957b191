-- The live real-time connections of every replica, so that the sessions view and the per-user
-- connection limit are per deployment, not per replica. Written when a connection is admitted,
-- opens, changes its subscriptions and closes; never on event delivery.

-- One row per running replica; its heartbeat keeps its sessions alive. A replica whose heartbeat
-- is older than the expiry is dead (killed, or cut off): its sessions stop counting at once and
-- the next heartbeat of any replica deletes them (ON DELETE CASCADE).
CREATE TABLE rte_replica (
    id              uuid         PRIMARY KEY,
    name            varchar(200) NOT NULL,
    started_at      timestamptz  NOT NULL DEFAULT now(),
    heartbeat_at    timestamptz  NOT NULL DEFAULT now()
);

-- One row per admitted connection. It is inserted before the WebSocket upgrade as a reservation
-- (opened = false, counted until reserved_until) so that the per-user limit holds across replicas,
-- and becomes the session when the socket opens.
CREATE TABLE rte_session (
    id              uuid         PRIMARY KEY,
    replica_id      uuid         NOT NULL REFERENCES rte_replica (id) ON DELETE CASCADE,
    connection_id   uuid         NOT NULL,
    organization_id uuid         NOT NULL,
    subject         varchar(200) NOT NULL,
    upn             varchar(320),
    protocol        varchar(16)  NOT NULL,
    remote_address  varchar(64),
    connected_at    timestamptz  NOT NULL DEFAULT now(),
    opened          boolean      NOT NULL DEFAULT false,
    reserved_until  timestamptz  NOT NULL,
    subscriptions   jsonb        NOT NULL DEFAULT '[]'
);
CREATE INDEX rte_session_by_subject ON rte_session (subject);
CREATE INDEX rte_session_by_organization ON rte_session (organization_id, connected_at, id);
CREATE INDEX rte_session_by_replica ON rte_session (replica_id);
