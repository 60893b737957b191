-- auth-service schema: organizations, users, API clients, signing keys, refresh tokens,
-- revocations, the outbox relayed to AMQP and the sign-in throttle.

create table organization (
    id          uuid primary key,
    name        varchar(200) not null,
    enabled     boolean      not null default true,
    created_at  timestamptz  not null,
    updated_at  timestamptz  not null
);
create unique index organization_name_uk on organization (lower(name));

create table user_account (
    id                  uuid primary key,
    organization_id     uuid         not null references organization (id),
    username            varchar(254) not null,
    display_name        varchar(200) not null,
    password_hash       varchar(100) not null,
    roles               varchar(400) not null,
    enabled             boolean      not null default true,
    created_at          timestamptz  not null,
    updated_at          timestamptz  not null
);
-- usernames are stored lower-cased: one sign-in name, whatever its case
create unique index user_account_username_uk on user_account (username);
create index user_account_organization_idx on user_account (organization_id, username);

create table api_client (
    id                  uuid primary key,
    organization_id     uuid         not null references organization (id),
    client_id           varchar(100) not null,
    name                varchar(200) not null,
    secret_hash         varchar(100) not null,
    roles               varchar(400) not null,
    enabled             boolean      not null default true,
    created_at          timestamptz  not null,
    updated_at          timestamptz  not null
);
create unique index api_client_client_id_uk on api_client (client_id);
create index api_client_organization_idx on api_client (organization_id, client_id);

-- private keys are AES-GCM encrypted with the key-encryption key from configuration
create table signing_key (
    kid                     varchar(64)  primary key,
    algorithm               varchar(10)  not null,
    public_jwk              text         not null,
    private_key_encrypted   text         not null,
    created_at              timestamptz  not null,
    activates_at            timestamptz  not null,
    retired_at              timestamptz,
    -- published until this instant: retirement plus the longest token lifetime
    publish_until           timestamptz
);

create table refresh_token (
    id                  uuid primary key,
    token_hash          varchar(64)  not null,
    family_id           uuid         not null,
    subject             uuid         not null,
    organization_id     uuid         not null,
    client_id           varchar(100),
    issued_at           timestamptz  not null,
    expires_at          timestamptz  not null,
    used_at             timestamptz,
    revoked_at          timestamptz
);
create unique index refresh_token_hash_uk on refresh_token (token_hash);
create index refresh_token_family_idx on refresh_token (family_id);
create index refresh_token_subject_idx on refresh_token (subject);

-- what every replica refuses until the tokens concerned have expired anyway
create table revocation (
    id                  bigserial primary key,
    subject             varchar(64)  not null,
    organization_id     uuid         not null,
    token_id            varchar(64),
    reason              varchar(64)  not null,
    revoked_at          timestamptz  not null,
    forget_after        timestamptz  not null
);
create index revocation_forget_idx on revocation (forget_after);

-- messages written in the same transaction as the change they announce, relayed to AMQP
create table outbox_message (
    id                  bigserial primary key,
    address             varchar(200) not null,
    organization_id     uuid         not null,
    payload             text         not null,
    created_at          timestamptz  not null,
    published_at        timestamptz,
    attempts            integer      not null default 0
);
create index outbox_message_pending_idx on outbox_message (id) where published_at is null;

create table sign_in_throttle (
    throttle_key        varchar(300) primary key,
    failures            integer      not null,
    window_started_at   timestamptz  not null,
    locked_until        timestamptz
);
