package io.pipelineledger.query.metrics;

import io.pipelineledger.events.ids.StageId;
import io.pipelineledger.events.process.SalesProcess;
import io.pipelineledger.events.process.StageDefinition;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Deal-level figures per group at a business time: win rates over closed deals (a deal counts for the group
 * that owned it when it closed) with the amount won, and the open pipeline by stage (count and amount) of the deals'
 * owners then. Amounts are in the {@link AmountConverter}'s currency; one it cannot convert is left out of the
 * amounts (the deal still counts) and listed by the converter.
 */
public final class DealMetrics {

    /** Won and lost deals of a group, won ÷ (won + lost) (null when none closed), and the won deals' amounts. */
    public record WinRate(long won, long lost, Double winRate, BigDecimal wonAmount) {
    }

    /** Open deals of a group in one stage: how many, and the amounts of those that convert, summed. */
    public record StagePipeline(StageId stage, long count, BigDecimal amount) {
    }

    private DealMetrics() {
    }

    /** Each won deal's amount converts at its win's date. */
    public static Map<String, WinRate> winRates(List<DealSnapshot> deals, Function<Owner, String> group,
                                                AmountConverter money) {
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, BigDecimal> wonAmounts = new TreeMap<>();
        for (DealSnapshot deal : deals) {
            String key = deal.status() == DealSnapshot.Status.OPEN ? null : group.apply(deal.closedBy());
            if (key == null) {
                continue;
            }
            boolean won = deal.status() == DealSnapshot.Status.WON;
            counts.computeIfAbsent(key, k -> new long[2])[won ? 0 : 1]++;
            BigDecimal amount = won ? money.amount(deal).orElse(BigDecimal.ZERO) : BigDecimal.ZERO;
            wonAmounts.merge(key, amount, BigDecimal::add);
        }
        Map<String, WinRate> result = new TreeMap<>();
        counts.forEach((key, c) -> result.put(key, new WinRate(c[0], c[1], (double) c[0] / (c[0] + c[1]),
                wonAmounts.get(key))));
        return result;
    }

    /** Every open stage of the process per group, in process order, zeros included; amounts at the as-of date. */
    public static Map<String, List<StagePipeline>> pipeline(List<DealSnapshot> deals,
                                                            Function<Owner, String> group,
                                                            SalesProcess process, AmountConverter money) {
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
                        .map(money::amount).flatMap(Optional::stream).reduce(BigDecimal.ZERO, BigDecimal::add)));
            }
            result.put(key, stages);
        });
        return result;
    }
}
