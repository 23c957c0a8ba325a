-- The exchange rates the answers convert with (ExchangeRateSetEvent), kept with the read model and written in the
-- processor's transaction with its token, so a restart converts as before without re-reading the events.
-- rate: the exact decimal as text; correction: n of the event id rate:<currency>:<validFrom>:<n> (the highest counts,
-- whatever order an event topic brings them in). A rebuild clears and rewrites it.
CREATE TABLE query_exchange_rate (
    quote_currency VARCHAR(16) NOT NULL,
    currency       VARCHAR(16) NOT NULL,
    valid_from     DATE        NOT NULL,
    rate           VARCHAR(80) NOT NULL,
    correction     BIGINT      NOT NULL,
    PRIMARY KEY (quote_currency, currency, valid_from)
);
