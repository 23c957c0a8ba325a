package io.pipelineledger.forecast.engine;

import io.pipelineledger.events.process.SalesProcess;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Every deal as the pipeline stood at an instant: the input a forecast applies its model to. */
public record DealStates(Instant asOf, List<DealState> deals, long factsUsed, Instant lastFactAt) {

    /** The deals opened before {@code asOf}, in opportunity-id order, each from its facts strictly before it. */
    public static DealStates asOf(DealHistories histories, Instant asOf, SalesProcess process) {
        StageMap stages = new StageMap(process, histories);
        long cut = DealHistory.nanos(asOf);
        List<DealState> states = new ArrayList<>();
        long facts = 0;
        long last = Long.MIN_VALUE;
        for (DealHistory deal : histories.deals()) {
            int n = deal.countBefore(cut);
            if (n == 0) {
                continue;
            }
            facts += n;
            last = Math.max(last, deal.at(n - 1));
            DealState state = DealReplay.replay(deal, cut, histories, stages, DealReplay.NO_SINK);
            if (state != null) {
                states.add(state);
            }
        }
        return new DealStates(asOf, List.copyOf(states), facts, last == Long.MIN_VALUE ? null : DealHistory.instant(last));
    }
}
