package io.pipelineledger.query.metrics;

import io.pipelineledger.events.ids.StageId;
import io.pipelineledger.events.process.SalesProcess;
import io.pipelineledger.events.process.StageDefinition;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Deal-level figures per group at a business time: win rates over closed deals (a deal counts for the group
 * that owned it when it closed) and the open pipeline by stage (count and amount) of the deals' owners then.
 */
public final class DealMetrics {

    /** Won and lost deals of a group, and won ÷ (won + lost) (null when none closed). */
    public record WinRate(long won, long lost, Double winRate) {
    }

    /** Open deals of a group in one stage: how many and their amounts summed (amounts assumed one currency). */
    public record StagePipeline(StageId stage, long count, BigDecimal amount) {
    }

    private DealMetrics() {
    }

    public static Map<String, WinRate> winRates(List<DealSnapshot> deals, Function<Owner, String> group) {
        Map<String, long[]> counts = new TreeMap<>();
        for (DealSnapshot deal : deals) {
            if (deal.status() != DealSnapshot.Status.OPEN && group.apply(deal.closedBy()) != null) {
                counts.computeIfAbsent(group.apply(deal.closedBy()), k -> new long[2])
                        [deal.status() == DealSnapshot.Status.WON ? 0 : 1]++;
            }
        }
        Map<String, WinRate> result = new TreeMap<>();
        counts.forEach((key, c) -> result.put(key, new WinRate(c[0], c[1], (double) c[0] / (c[0] + c[1]))));
        return result;
    }

    /** Every open stage of the process per group, in process order, zeros included. */
    public static Map<String, List<StagePipeline>> pipeline(List<DealSnapshot> deals,
                                                            Function<Owner, String> group,
                                                            SalesProcess process) {
        Map<String, List<DealSnapshot>> open = new TreeMap<>();
        for (DealSnapshot deal : deals) {
            if (deal.status() == DealSnapshot.Status.OPEN && group.apply(deal.owner()) != null) {
                open.computeIfAbsent(group.apply(deal.owner()), k -> new ArrayList<>()).add(deal);
            }
        }
        Map<String, List<StagePipeline>> result = new TreeMap<>();
        open.forEach((key, groupDeals) -> {
            List<StagePipeline> stages = new ArrayList<>();
            for (StageDefinition stage : process.stages()) {
                if (stage.afterWin()) {
                    continue;
                }
                List<DealSnapshot> inStage = groupDeals.stream().filter(d -> d.stage().equals(stage.id())).toList();
                stages.add(new StagePipeline(stage.id(), inStage.size(), inStage.stream()
                        .map(DealSnapshot::amount).reduce(BigDecimal.ZERO, BigDecimal::add)));
            }
            result.put(key, stages);
        });
        return result;
    }
}
