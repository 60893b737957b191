-- Entities that can be subscribed to, per organization. The id is globally unique, so an event or
-- a REST call of one organization can never re-home another organization's entity.
CREATE TABLE entity (
    id              uuid         PRIMARY KEY,
    organization_id uuid         NOT NULL,
    entity_type     varchar(16)  NOT NULL,
    name            varchar(200),
    source          varchar(16)  NOT NULL,
    created_at      timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX entity_by_organization ON entity (organization_id, entity_type, id);

-- Who may subscribe to what: (user or role) x (entity type, one entity or all) x (events or all).
CREATE TABLE permission_grant (
    id              uuid         PRIMARY KEY,
    organization_id uuid         NOT NULL,
    principal_type  varchar(8)   NOT NULL,
    principal       varchar(200) NOT NULL,
    entity_type     varchar(16)  NOT NULL,
    entity_id       uuid,
    events          text[]       NOT NULL DEFAULT '{}',
    created_at      timestamptz  NOT NULL DEFAULT now(),
    updated_at      timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX permission_grant_by_organization ON permission_grant (organization_id, created_at, id);
