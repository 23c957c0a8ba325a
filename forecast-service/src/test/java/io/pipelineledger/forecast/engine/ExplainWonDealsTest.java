package io.pipelineledger.forecast.engine;

import io.pipelineledger.events.ForecastCategory;
import io.pipelineledger.events.period.BusinessPeriod;
import io.pipelineledger.events.process.DefaultSalesProcess;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.time.LocalDate;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Every flag an explanation gives a deal that is already won or lost, under both methods. */
class ExplainWonDealsTest {

    private static final BusinessPeriod Q1 = BusinessPeriod.parse("2026-Q1").orElseThrow();
    private static final Instant AS_OF = Facts.at("2026-02-15");
    private final ForecastEngine engine = new ForecastEngine(DefaultSalesProcess.get(), ForecastSettings.defaults());

    private static Facts deals() {
        return new Facts()
                // won in the period although it last expected to close in May; the CRM had set it to COMMIT
                .opened("EARLY", "2025-12-01", "r1", "t1", "closing", 6_000, "2026-05-01")
                .category("EARLY", "2025-12-02", ForecastCategory.COMMIT)
                .won("EARLY", "2026-01-20", 7_500L)
                // won in the period as expected, at its amount then
                .opened("ONTIME", "2025-12-01", "r1", "t1", "closing", 4_000, "2026-02-10")
                .won("ONTIME", "2026-02-05", null)
                // won before the period, lost in it, won after as-of: none is behind the number
                .opened("BEFORE", "2025-11-01", "r1", "t1", "closing", 9_000, "2025-12-31")
                .won("BEFORE", "2025-12-20", null)
                .opened("LOST", "2025-12-01", "r1", "t1", "discussion", 3_000, "2026-02-01")
                .lost("LOST", "2026-01-25")
                .opened("LATER", "2025-12-01", "r1", "t1", "closing", 2_000, "2026-03-01")
                .won("LATER", "2026-02-20", null)
                .opened("OPEN", "2025-12-01", "r1", "t1", "discussion", 10_000, "2026-03-15");
    }

    @Test
    void aDealWonInThePeriodClosedInItWithItsWonAmountAndNoCategory() {
        DealHistories histories = deals().histories();
        for (Method method : java.util.Arrays.stream(Method.values()).filter(m -> m != Method.AUTO).toList()) {
            Explanation explanation = engine.explain(new ForecastRequest(Q1, AS_OF, Grouping.ALL, method), "all",
                    engine.learn(histories, AS_OF), engine.states(histories, AS_OF), histories);
            Map<String, DealTerm> byId = explanation.deals().stream()
                    .collect(Collectors.toMap(DealTerm::opportunityId, Function.identity()));
            assertThat(byId.keySet()).as(method.name()).containsExactlyInAnyOrder("EARLY", "ONTIME", "LATER", "OPEN");

            DealTerm early = byId.get("EARLY");
            assertThat(early.status()).isEqualTo(DealStatus.WON);
            assertThat(early.closesInPeriod()).as(method + " won in the period closes in it").isTrue();
            assertThat(early.amount()).isEqualByComparingTo("7500");
            assertThat(early.expected()).isEqualByComparingTo("7500");
            assertThat(early.pWin()).isEqualTo(1.0);
            assertThat(early.pInPeriod()).isEqualTo(1.0);
            assertThat(early.category()).isNull();
            assertThat(early.categorySetByCrm()).as("no category, so none set by the CRM").isFalse();
            assertThat(early.expectedCloseDate()).isEqualTo(LocalDate.parse("2026-05-01"));

            DealTerm onTime = byId.get("ONTIME");
            assertThat(onTime.closesInPeriod()).isTrue();
            assertThat(onTime.amount()).isEqualByComparingTo("4000");
            assertThat(onTime.categorySetByCrm()).isFalse();

            // open as of as-of (its win comes later): an open deal's flags, as before
            DealTerm later = byId.get("LATER");
            assertThat(later.status()).isEqualTo(DealStatus.OPEN);
            assertThat(later.closesInPeriod()).isTrue();
            assertThat(later.category()).isNotNull();
            assertThat(byId.get("OPEN").closesInPeriod()).isTrue();

            // the explanation's won deals are the group's closedWon
            assertThat(explanation.forecast().closedWon()).isEqualByComparingTo("11500");
        }
    }
}
