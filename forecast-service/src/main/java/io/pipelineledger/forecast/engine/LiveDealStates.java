package io.pipelineledger.forecast.engine;

import io.pipelineledger.events.process.SalesProcess;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The deal states of the latest histories, kept deal by deal: a snapshot replays only the deals whose history
 * changed (a new {@link DealHistory} object: the persistent builder replaces just the deals a fact touched) or
 * whose facts before the as-of changed in number; every other deal's {@link DealState} is the one computed before,
 * shared by all snapshots. The answer equals {@link DealStates#asOf} exactly. Thread-safe.
 */
public final class LiveDealStates {

    /** A deal's state, valid while its history is this object and this many of its facts precede the as-of. */
    private record Entry(DealHistory history, int factsBefore, DealState state) {
    }

    private final Map<String, Entry> entries = new HashMap<>();
    private SalesProcess process;
    private int stageCount = -1;
    private StageMap stages;
    private DealHistories lastHistories;
    private DealStates last;
    private long replayed;

    /** The deals as of {@code asOf} (each from its facts strictly before it), as {@link DealStates#asOf} gives. */
    public synchronized DealStates at(DealHistories histories, Instant asOf, SalesProcess process) {
        if (histories == lastHistories && last != null && last.asOf().equals(asOf) && process == this.process) {
            return last;
        }
        if (process != this.process || histories.stageCount() != stageCount) {
            // the stage positions may have moved: every state is computed again
            entries.clear();
            this.process = process;
            this.stageCount = histories.stageCount();
            this.stages = new StageMap(process, histories);
        }
        long cut = DealHistory.nanos(asOf);
        List<DealState> states = new ArrayList<>(histories.deals().size());
        long facts = 0;
        long lastAt = Long.MIN_VALUE;
        for (DealHistory deal : histories.deals()) {
            int n = deal.countBefore(cut);
            if (n == 0) {
                continue;
            }
            facts += n;
            lastAt = Math.max(lastAt, deal.at(n - 1));
            Entry entry = entries.get(deal.opportunityId());
            DealState state;
            if (entry != null && entry.history() == deal && entry.factsBefore() == n) {
                state = entry.state();
            } else {
                state = DealReplay.replay(deal, cut, histories, stages, DealReplay.NO_SINK);
                entries.put(deal.opportunityId(), new Entry(deal, n, state));
                replayed++;
            }
            if (state != null) {
                states.add(state);
            }
        }
        lastHistories = histories;
        last = new DealStates(asOf, List.copyOf(states), facts,
                lastAt == Long.MIN_VALUE ? null : DealHistory.instant(lastAt));
        return last;
    }

    /** How many deal replays all snapshots so far took (a snapshot after one fact replays one deal). */
    public synchronized long replayed() {
        return replayed;
    }
}
