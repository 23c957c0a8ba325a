package io.pipelineledger.events.period;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class BusinessPeriodTest {

    @Test
    void parsesQuartersMonthsAndIsoWeeksAsHalfOpenUtcIntervals() {
        BusinessPeriod q4 = BusinessPeriod.parse("2026-Q4").orElseThrow();
        assertThat(q4.start()).isEqualTo(Instant.parse("2026-10-01T00:00:00Z"));
        assertThat(q4.end()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        BusinessPeriod november = BusinessPeriod.parse("2026-11").orElseThrow();
        assertThat(november.end()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        BusinessPeriod w47 = BusinessPeriod.parse("2026-W47").orElseThrow();
        assertThat(w47.start()).isEqualTo(Instant.parse("2026-11-16T00:00:00Z")); // a Monday
        assertThat(w47.end()).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
        // ISO week 1 of 2026 starts on Monday 2025-12-29
        assertThat(BusinessPeriod.parse("2026-W01").orElseThrow().start())
                .isEqualTo(Instant.parse("2025-12-29T00:00:00Z"));
    }

    @Test
    void refusesAnythingElse() {
        assertThat(BusinessPeriod.parse("2026-Q5")).isEmpty();
        assertThat(BusinessPeriod.parse("2026-13")).isEmpty();
        assertThat(BusinessPeriod.parse("2026-W54")).isEmpty();
        assertThat(BusinessPeriod.parse("2025-W53")).isEmpty(); // 2025 has 52 ISO weeks
        assertThat(BusinessPeriod.parse("2026-W53")).isPresent(); // 2026 has 53
        assertThat(BusinessPeriod.parse("Q4 2026")).isEmpty();
        assertThat(BusinessPeriod.parse(null)).isEmpty();
    }

    @Test
    void findsThePeriodContainingAnInstantAndItsSuccessor() {
        Instant at = Instant.parse("2026-12-31T23:59:59Z");
        assertThat(BusinessPeriod.containing(at, BusinessPeriod.Granularity.QUARTER).key()).isEqualTo("2026-Q4");
        assertThat(BusinessPeriod.containing(at, BusinessPeriod.Granularity.MONTH).key()).isEqualTo("2026-12");
        assertThat(BusinessPeriod.containing(at, BusinessPeriod.Granularity.WEEK).key()).isEqualTo("2026-W53");
        assertThat(BusinessPeriod.parse("2026-Q4").orElseThrow().next().key()).isEqualTo("2027-Q1");
        assertThat(BusinessPeriod.parse("2026-W53").orElseThrow().next().key()).isEqualTo("2027-W01");
        assertThat(BusinessPeriod.parse("2026-11").orElseThrow().contains(Instant.parse("2026-12-01T00:00:00Z")))
                .isFalse();
    }
}
