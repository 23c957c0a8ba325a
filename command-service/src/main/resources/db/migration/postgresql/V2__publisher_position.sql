-- How far the event publisher has sent the event store to Kafka: the last global index sent, and the indices below
-- it still missing (a transaction that had not committed yet may fill them; see StoredEventFeed).
CREATE TABLE ledger_publisher_position (
    publisher  VARCHAR(255) PRIMARY KEY,
    last_index BIGINT NOT NULL,
    gaps       TEXT   NOT NULL
);
