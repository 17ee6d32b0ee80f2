-- Portable SQL: it runs on H2 2.x and PostgreSQL alike (docs/service.md "A fleet of instances").

-- Raised by every write that changes what a plan's record shows (status, inputs, plan, holders): an instance that
-- keeps a plan in memory checks this one number, read by primary key, before serving it, so a change or delete made
-- by another instance over the same database is seen at once.
ALTER TABLE plan_job ADD COLUMN version BIGINT DEFAULT 0 NOT NULL;

-- An Idempotency-Key is the client's own: it is unique per token holder (the holder's name; 'local' or
-- 'anonymous' without a token), as payment APIs scope keys by account, so two clients choosing the same key do
-- not get each other's plan. Keys stored before had no holder: they keep an empty scope no request has.
ALTER TABLE plan_job ADD COLUMN idempotency_scope VARCHAR(100) DEFAULT '' NOT NULL;
DROP INDEX plan_job_idempotency_key;
CREATE UNIQUE INDEX plan_job_idempotency_key ON plan_job (idempotency_scope, idempotency_key);
