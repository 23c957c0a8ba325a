package io.pipelineledger.command.ingest;

/**
 * How many facts a writer takes from a large request into one transaction: about as many as it writes in the target
 * time, judged by the transactions it wrote lately. Another client's event waits for at most the slice in progress,
 * so this bounds that wait on a fast machine and a loaded one alike (a fixed count would take ten times longer on a
 * machine ten times as busy). Only the writer thread uses it.
 */
final class SlicePace {

    /** Below this a transaction's time is mostly its fixed cost (the commit), which says little about the pace. */
    static final int MIN_SAMPLE = 100;
    static final int MIN_SLICE = 50;
    private static final double WEIGHT_OF_LATEST = 0.3;

    private final long targetNanos;
    private final int maxSlice;
    private double nanosPerFact;

    SlicePace(long targetNanos, int maxSlice) {
        this.targetNanos = targetNanos;
        this.maxSlice = maxSlice;
    }

    int slice() {
        if (nanosPerFact <= 0) {
            return maxSlice;
        }
        return (int) Math.max(Math.min(MIN_SLICE, maxSlice), Math.min(maxSlice, targetNanos / nanosPerFact));
    }

    void wrote(int facts, long nanos) {
        if (facts < MIN_SAMPLE || nanos <= 0) {
            return;
        }
        double latest = (double) nanos / facts;
        nanosPerFact = nanosPerFact <= 0 ? latest : WEIGHT_OF_LATEST * latest + (1 - WEIGHT_OF_LATEST) * nanosPerFact;
    }
}
