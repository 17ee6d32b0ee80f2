-- Several instances over one database (docs/service.md "A fleet of instances"). Portable SQL: it runs on
-- H2 2.x and PostgreSQL alike.

-- A job is held by one instance (owner) until lease_until; the holder renews the lease while it solves. A job
-- whose lease has run out (its holder died) is claimed by another instance with SELECT ... FOR UPDATE SKIP
-- LOCKED, which continues from the stored best plan. holders lists every instance that held the job, in
-- order; solved_by is the one that ended it; runs counts searches started (a resumed job runs again).
ALTER TABLE plan_job ADD COLUMN owner VARCHAR(200);
ALTER TABLE plan_job ADD COLUMN lease_until TIMESTAMP WITH TIME ZONE;
ALTER TABLE plan_job ADD COLUMN holders VARCHAR(2000);
ALTER TABLE plan_job ADD COLUMN takeovers INT DEFAULT 0 NOT NULL;
ALTER TABLE plan_job ADD COLUMN runs INT DEFAULT 0 NOT NULL;
ALTER TABLE plan_job ADD COLUMN solved_by VARCHAR(200);
-- Search time spent so far, summed over holders: a resumed search gets what is left of the time limit.
ALTER TABLE plan_job ADD COLUMN solving_millis BIGINT DEFAULT 0 NOT NULL;
-- A client's Idempotency-Key: a POST retried with the same key answers the plan the first one created.
ALTER TABLE plan_job ADD COLUMN idempotency_key VARCHAR(300);
CREATE UNIQUE INDEX plan_job_idempotency_key ON plan_job (idempotency_key);
CREATE INDEX plan_job_claim ON plan_job (status, lease_until);
CREATE INDEX plan_job_owner ON plan_job (owner);

-- The instances of the fleet and when each last renewed its leases: an emulator's holder is alive while seen.
CREATE TABLE service_instance (
    id         VARCHAR(200)             NOT NULL PRIMARY KEY,
    url        VARCHAR(400),
    started_at TIMESTAMP WITH TIME ZONE NOT NULL,
    seen_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

-- An emulator lives in one instance's memory; its configuration history (emulator_configuration) is stored.
ALTER TABLE emulator ADD COLUMN holder VARCHAR(200);
