package io.pipelineledger.command.ingest;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class SlicePaceTest {

    private static final long TARGET = TimeUnit.MILLISECONDS.toNanos(250);

    @Test
    void startsAtTheBatchLimitAndFollowsTheMeasuredPace() {
        SlicePace pace = new SlicePace(TARGET, 2000);
        assertThat(pace.slice()).isEqualTo(2000);
        pace.wrote(2000, TimeUnit.MILLISECONDS.toNanos(1000)); // 0.5 ms a fact: 500 in 250 ms
        assertThat(pace.slice()).isEqualTo(500);
        for (int i = 0; i < 30; i++) {
            pace.wrote(500, TimeUnit.MILLISECONDS.toNanos(25)); // faster again: 0.05 ms a fact
        }
        assertThat(pace.slice()).as("never above the batch limit").isEqualTo(2000);
    }

    @Test
    void aVeryBusyMachineStillWritesSomethingPerSlice() {
        SlicePace pace = new SlicePace(TARGET, 2000);
        pace.wrote(100, TimeUnit.SECONDS.toNanos(100));
        assertThat(pace.slice()).isEqualTo(SlicePace.MIN_SLICE);
    }

    @Test
    void smallTransactionsDoNotSetThePace() {
        SlicePace pace = new SlicePace(TARGET, 2000);
        pace.wrote(1, TimeUnit.MILLISECONDS.toNanos(5)); // mostly the commit's fixed cost
        assertThat(pace.slice()).isEqualTo(2000);
    }
}
