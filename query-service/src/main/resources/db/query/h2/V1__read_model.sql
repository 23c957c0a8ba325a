-- The query side's durable read model: every deal's facts in the ledger's packed binary form (one row per deal,
-- rewritten with the token in the same transaction), and the sales process versions. Rebuildable by replay.
CREATE TABLE IF NOT EXISTS TokenEntry (
    processorName VARCHAR(255) NOT NULL,
    segment       INTEGER      NOT NULL,
    token         VARBINARY(1000000),
    tokenType     VARCHAR(255),
    timeStamp     VARCHAR(255),
    owner         VARCHAR(255),
    PRIMARY KEY (processorName, segment)
);

CREATE TABLE query_deal (
    opportunity_id VARCHAR(128)       NOT NULL PRIMARY KEY,
    facts          VARBINARY(1000000) NOT NULL
);

CREATE TABLE query_process (
    version    INTEGER               NOT NULL PRIMARY KEY,
    definition CHARACTER LARGE OBJECT NOT NULL
);
