package io.pipelineledger.command.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static io.pipelineledger.command.support.LedgerEvents.milestone;
import static io.pipelineledger.command.support.LedgerEvents.of;
import static io.pipelineledger.command.support.LedgerEvents.opened;
import static io.pipelineledger.command.support.LedgerEvents.stage;

/** Ten-event opportunity histories (open, milestones, advances, revisions, close) for load generation. */
final class BenchmarkHistories {

    static final int EVENTS_PER_OPPORTUNITY = 10;

    private BenchmarkHistories() {
    }

    static List<String> history(String opportunityId, Random random) {
        Instant t = Instant.parse("2025-01-01T00:00:00Z").plusSeconds(random.nextInt(30_000_000));
        List<String> events = new ArrayList<>(EVENTS_PER_OPPORTUNITY);
        String amount = String.valueOf(5_000 + random.nextInt(200_000));
        events.add(opened(opportunityId + ":1", opportunityId, t.toString(), "prospecting", amount));
        events.add(milestone(opportunityId + ":2", opportunityId, (t = next(t, random)).toString(),
                "first-meeting-accepted"));
        events.add(stage(opportunityId + ":3", opportunityId, (t = next(t, random)).toString(), "qualification"));
        events.add(milestone(opportunityId + ":4", opportunityId, (t = next(t, random)).toString(), "pain-confirmed"));
        events.add(milestone(opportunityId + ":5", opportunityId, (t = next(t, random)).toString(),
                "budget-confirmed"));
        events.add(stage(opportunityId + ":6", opportunityId, (t = next(t, random)).toString(),
                random.nextBoolean() ? "development" : "presentation"));
        events.add(of("AmountRevised", opportunityId + ":7", opportunityId, (t = next(t, random)).toString(),
                "\"amount\":" + (5_000 + random.nextInt(200_000))));
        events.add(of("CloseDateRevised", opportunityId + ":8", opportunityId, (t = next(t, random)).toString(),
                "\"expectedCloseDate\":\"2026-0" + (1 + random.nextInt(9)) + "-15\""));
        events.add(of("ForecastCategorySet", opportunityId + ":9", opportunityId, (t = next(t, random)).toString(),
                "\"category\":\"BEST_CASE\""));
        events.add(random.nextInt(3) == 0
                ? of("OpportunityWon", opportunityId + ":10", opportunityId, next(t, random).toString(), "")
                : of("OpportunityLost", opportunityId + ":10", opportunityId, next(t, random).toString(),
                String.format(Locale.ROOT, "\"reason\":\"%s\"", "no decision")));
        return events;
    }

    /**
     * Histories of {@code opportunities} deals interleaved in waves of {@code window} deals: every deal's first
     * event, then every deal's second, ... so that a batch touches many deals and a deal's next event comes
     * several batches after its previous one, as a CRM's change stream would.
     */
    static List<String> interleaved(String prefix, int opportunities, int window, long seed) {
        Random random = new Random(seed);
        List<String> events = new ArrayList<>(opportunities * EVENTS_PER_OPPORTUNITY);
        for (int from = 0; from < opportunities; from += window) {
            List<List<String>> wave = new ArrayList<>();
            for (int i = from; i < Math.min(opportunities, from + window); i++) {
                wave.add(history(prefix + "-" + i, random));
            }
            for (int k = 0; k < EVENTS_PER_OPPORTUNITY; k++) {
                for (List<String> history : wave) {
                    events.add(history.get(k));
                }
            }
        }
        return events;
    }

    private static Instant next(Instant t, Random random) {
        return t.plusSeconds(3_600 + random.nextInt(14 * 86_400));
    }
}
