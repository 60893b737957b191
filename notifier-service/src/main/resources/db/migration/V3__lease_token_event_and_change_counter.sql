-- The lease token names the claim that owns a job: an outcome is recorded only by the holder of the
-- current token, so a replica whose lease expired (or a job resent while in flight) cannot overwrite
-- the outcome of the newer owner.
ALTER TABLE delivery ADD COLUMN lease_token uuid;
-- The event as it arrived, kept only when the body is not the event itself (VARIABLES, GET): retries
-- render the URL again from it with the endpoint's current URL template.
ALTER TABLE delivery ADD COLUMN event text;

-- One counter for every change of the endpoints that matters to delivery, bumped in the writing
-- transaction: replicas compare it to know whether to reload their index. Unlike timestamps from
-- several clocks, or count + max, it cannot miss a change (the row lock orders the writers, and a reader
-- sees the new value only once the change is committed).
CREATE TABLE webhook_change (
    id      integer PRIMARY KEY CHECK (id = 1),
    counter bigint  NOT NULL
);
INSERT INTO webhook_change (id, counter) VALUES (1, 0);

CREATE FUNCTION webhook_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE webhook_change SET counter = counter + 1 WHERE id = 1;
    RETURN NULL;
END;
$$;

-- failing_since (written on every batch of failures) is left out on purpose
CREATE TRIGGER webhook_changed AFTER INSERT OR DELETE OR UPDATE OF organization_id, name, config, secrets, status, updated_at
    ON webhook FOR EACH STATEMENT EXECUTE FUNCTION webhook_changed();
