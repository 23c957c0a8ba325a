package io.pipelineledger.query.metrics;

import io.pipelineledger.query.GeneratedFacts;

import io.pipelineledger.events.Money;
import io.pipelineledger.events.OpportunityEvent;
import io.pipelineledger.events.OpportunityLostEvent;
import io.pipelineledger.events.OpportunityOpenedEvent;
import io.pipelineledger.events.OpportunityReopenedEvent;
import io.pipelineledger.events.OpportunityWonEvent;
import io.pipelineledger.events.OwnerReassignedEvent;
import io.pipelineledger.events.StageChangeKind;
import io.pipelineledger.events.StageChangedEvent;
import io.pipelineledger.events.generator.CrmEvent;
import io.pipelineledger.events.generator.CrmHistoryGenerator;
import io.pipelineledger.events.ids.OpportunityId;
import io.pipelineledger.events.ids.RegionId;
import io.pipelineledger.events.ids.RepId;
import io.pipelineledger.events.ids.StageId;
import io.pipelineledger.events.ids.TeamId;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.pipelineledger.query.metrics.StageVisitsTest.PROCESS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The property a read model can rest on: a deal's visits derived from all its facts and truncated at a time are
 * exactly the visits derived from the facts before that time, on generated histories with late facts, reopened
 * deals and reassignments.
 */
class VisitTruncationPropertyTest {

    private static final Instant END = Instant.parse("2026-11-01T00:00:00Z");

    @Test
    void visitsAsOfATimeAreAllVisitsTruncatedAtThatTime() {
        CrmHistoryGenerator.History history = new CrmHistoryGenerator().generate(
                new CrmHistoryGenerator.Settings(3, 12, 2, END.minusSeconds(400L * 86_400), END, 3.0, 0.1, 0.1));
        Map<String, List<OpportunityEvent>> deals = new LinkedHashMap<>();
        history.events().forEach(e -> {
            OpportunityEvent fact = GeneratedFacts.fact(e);
            if (fact != null) {
                deals.computeIfAbsent(e.opportunityId(), k -> new ArrayList<>()).add(fact);
            }
        });
        Random random = new Random(5);
        int compared = 0;
        for (List<OpportunityEvent> facts : deals.values()) {
            List<StageVisit> all = StageVisits.asOf(facts, Instant.MAX, PROCESS);
            List<Instant> times = new ArrayList<>();
            facts.forEach(f -> {
                times.add(f.occurredAt());
                times.add(f.occurredAt().plusSeconds(1));
            });
            for (int i = 0; i < 5; i++) {
                times.add(END.minusSeconds((long) (random.nextDouble() * 400 * 86_400)));
            }
            for (Instant t : times) {
                List<StageVisit> truncated = all.stream().flatMap(v -> v.truncatedAt(t).stream()).toList();
                assertThat(truncated).as("visits of %s as of %s", facts.get(0).opportunityId(), t)
                        .isEqualTo(StageVisits.asOf(facts, t, PROCESS));
                compared++;
            }
        }
        assertThat(deals).hasSizeGreaterThan(300);
        assertThat(compared).isGreaterThan(5_000);
    }
}
