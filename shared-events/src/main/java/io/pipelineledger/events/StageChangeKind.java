package io.pipelineledger.events;

/** How the ledger classified a stage change against the ordered stages of the process. */
public enum StageChangeKind {
    /** To the next stage. */
    ADVANCED,
    /** Forward past one or more stages. */
    SKIPPED,
    /** To an earlier stage. */
    MOVED_BACKWARD
}
