-- What users submit and what the service decided, kept across restarts (also kill -9: every change
-- is its own committed transaction). Inputs and results are JSON documents; the columns beside them
-- are what the service looks up or lists by.

CREATE TABLE nic_description (
    id          VARCHAR(40)              NOT NULL PRIMARY KEY,
    name        VARCHAR(200)             NOT NULL,
    source      CLOB                     NOT NULL,
    summary     CLOB                     NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX nic_description_name ON nic_description (name);

CREATE TABLE plan_job (
    id          VARCHAR(40)              NOT NULL PRIMARY KEY,
    nic_ref     VARCHAR(300)             NOT NULL,
    request     CLOB                     NOT NULL,
    status      VARCHAR(20)              NOT NULL,
    revision    INT                      NOT NULL,
    result      CLOB,
    last_change CLOB,
    error       VARCHAR(4000),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX plan_job_status ON plan_job (status);

CREATE TABLE emulator (
    id          VARCHAR(40)              NOT NULL PRIMARY KEY,
    description VARCHAR(300)             NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Every configuration written to an emulator, in order, with the plan exactly as it was applied (a plan's
-- later revisions do not change it); the last applied one is what a restart re-applies.
CREATE TABLE emulator_configuration (
    emulator_id   VARCHAR(40)              NOT NULL,
    seq           INT                      NOT NULL,
    plan_id       VARCHAR(40)              NOT NULL,
    plan_revision INT                      NOT NULL,
    applied       BOOLEAN                  NOT NULL,
    plan_snapshot CLOB                     NOT NULL,
    outcome       CLOB                     NOT NULL,
    applied_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (emulator_id, seq),
    FOREIGN KEY (emulator_id) REFERENCES emulator (id) ON DELETE CASCADE
);
