-- Session revocations: every token minted in one sign-in session carries its sid (the refresh-token family id).
alter table revocation add column session_id varchar(64);
-- Whether the organization's tokens are bound to the client address by default (RTE tokens inherit the binding).
alter table organization add column bind_tokens_to_ip boolean not null default false;
