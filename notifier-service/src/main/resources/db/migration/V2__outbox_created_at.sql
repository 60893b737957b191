-- Receipts are published straight after the commit that wrote them; the periodic sweep takes only rows
-- old enough that no replica is still publishing them (a crash or a broker outage left them behind).
ALTER TABLE delivery_outbox ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
