package io.pipelineledger.events.process;

/** What the ledger does with a stage advance whose required exit criteria are unmet. */
public enum Enforcement {
    /** Accept it and flag the unmet criteria on the event (the default). */
    RECORD,
    /** Refuse it (409) listing the unmet criteria. */
    REJECT
}
