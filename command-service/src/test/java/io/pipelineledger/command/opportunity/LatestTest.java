package io.pipelineledger.command.opportunity;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class LatestTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    @Test
    void aLaterValueReplacesAnEarlierOne() {
        Latest<String> latest = new Latest<>("first", T0);
        latest.offer("second", T0.plusSeconds(1));
        assertThat(latest.value()).isEqualTo("second");
    }

    @Test
    void aValueFromBeforeTheCurrentOneIsIgnoredWhateverItsArrival() {
        Latest<String> latest = new Latest<>("first", T0);
        latest.offer("third", T0.plusSeconds(2));
        latest.offer("second, late", T0.plusSeconds(1));
        assertThat(latest.value()).isEqualTo("third");
    }

    @Test
    void atTheSameTimeTheLaterArrivalWins() {
        Latest<String> latest = new Latest<>("first", T0);
        latest.offer("again", T0);
        assertThat(latest.value()).isEqualTo("again");
    }
}
