-- Replicas are told about a change of the endpoints instead of finding it at their next index refresh:
-- the trigger that bumps the change counter also sends NOTIFY webhook_changed with the new counter.
-- PostgreSQL delivers a notification only when the writing transaction commits (never for a rollback),
-- so a replica that reloads on it sees the change. The periodic refresh stays as the fallback (a replica
-- whose listening connection was down compares the counter when it is back).
CREATE OR REPLACE FUNCTION webhook_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed bigint;
BEGIN
    UPDATE webhook_change SET counter = counter + 1 WHERE id = 1 RETURNING counter INTO changed;
    PERFORM pg_notify('webhook_changed', changed::text);
    RETURN NULL;
END;
$$;
