-- Webhook endpoints: configuration without secrets as JSON, secrets AES-GCM encrypted.
CREATE TABLE webhook (
    id              uuid PRIMARY KEY,
    organization_id uuid        NOT NULL,
    name            text        NOT NULL,
    config          jsonb       NOT NULL,
    secrets         bytea       NOT NULL,
    status          text        NOT NULL,
    failing_since   timestamptz,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
CREATE INDEX webhook_organization_idx ON webhook (organization_id, created_at, id);

-- One row per (event, endpoint): the message. message_id is derived from both, so a redelivered
-- AMQP message cannot create a second job. url and body are rendered once and never change.
CREATE TABLE delivery (
    id               uuid PRIMARY KEY,
    seq              bigserial   NOT NULL,
    message_id       uuid        NOT NULL UNIQUE,
    webhook_id       uuid        NOT NULL REFERENCES webhook (id) ON DELETE CASCADE,
    organization_id  uuid        NOT NULL,
    event_id         uuid        NOT NULL,
    event_type       text        NOT NULL,
    entity_id        uuid,
    ordered          boolean     NOT NULL DEFAULT false,
    expires_at       timestamptz,
    url              text        NOT NULL,
    body             text        NOT NULL,
    status           text        NOT NULL,
    attempts         integer     NOT NULL DEFAULT 0,
    round_attempts   integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz,
    lease_until      timestamptz,
    last_http_status integer,
    last_error       text,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);
-- the workers' claim query walks only due, pending jobs
CREATE INDEX delivery_due_idx ON delivery (next_attempt_at) WHERE status = 'PENDING';
-- per-entity ordering looks for an earlier pending job of the same entity
CREATE INDEX delivery_ordered_idx ON delivery (webhook_id, entity_id, seq) WHERE status = 'PENDING' AND ordered;
CREATE INDEX delivery_webhook_idx ON delivery (webhook_id, created_at DESC);

CREATE TABLE delivery_attempt (
    id               uuid PRIMARY KEY,
    delivery_id      uuid        NOT NULL REFERENCES delivery (id) ON DELETE CASCADE,
    attempt          integer     NOT NULL,
    at               timestamptz NOT NULL,
    outcome          text        NOT NULL,
    http_status      integer,
    latency_ms       bigint,
    response_excerpt text,
    error            text
);
CREATE INDEX delivery_attempt_delivery_idx ON delivery_attempt (delivery_id, attempt);

-- Outbox of callwire.deliveries messages, written in the transaction that records the outcome.
CREATE TABLE delivery_outbox (
    id      bigserial PRIMARY KEY,
    payload text NOT NULL
);
