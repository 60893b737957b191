-- The W3C traceparent the event arrived with (its AMQP application property), if any: every attempt of the
-- job continues the event's trace from it. One nullable column, written with the job, read with the claim.
ALTER TABLE delivery ADD COLUMN traceparent text;
