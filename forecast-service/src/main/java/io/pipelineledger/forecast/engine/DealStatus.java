package io.pipelineledger.forecast.engine;

/** Where a deal stands as of an instant: the latest of its opening, win, loss and reopening decides. */
public enum DealStatus {
    OPEN, WON, LOST
}
