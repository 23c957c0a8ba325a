package io.pipelineledger.command.opportunity;

import io.pipelineledger.events.ids.StageId;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class StageTimelineTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    private final StageTimeline timeline = new StageTimeline();

    @Test
    void theStageAtATimeIsTheLastOneEnteredAtOrBeforeIt() {
        timeline.enter(T0, stage("prospecting"));
        timeline.enter(T0.plusSeconds(20), stage("development"));

        assertThat(timeline.stageAt(T0)).isEqualTo(stage("prospecting"));
        assertThat(timeline.stageAt(T0.plusSeconds(19))).isEqualTo(stage("prospecting"));
        assertThat(timeline.stageAt(T0.plusSeconds(20))).isEqualTo(stage("development"));
        assertThat(timeline.stageAt(T0.plusSeconds(99))).isEqualTo(stage("development"));
    }

    @Test
    void aLateEntryIsPlacedByBusinessTimeNotArrival() {
        timeline.enter(T0, stage("prospecting"));
        timeline.enter(T0.plusSeconds(20), stage("development"));
        timeline.enter(T0.plusSeconds(10), stage("qualification"));

        assertThat(timeline.stageAt(T0.plusSeconds(15))).isEqualTo(stage("qualification"));
        assertThat(timeline.stageAt(T0.plusSeconds(25))).isEqualTo(stage("development"));
        assertThat(timeline.current()).isEqualTo(stage("development"));
    }

    @Test
    void entriesAtTheSameTimeKeepTheirArrivalOrder() {
        timeline.enter(T0, stage("prospecting"));
        timeline.enter(T0.plusSeconds(10), stage("qualification"));
        timeline.enter(T0.plusSeconds(10), stage("development"));

        assertThat(timeline.stageAt(T0.plusSeconds(10))).isEqualTo(stage("development"));
        assertThat(timeline.current()).isEqualTo(stage("development"));
    }

    @Test
    void beforeTheFirstEntryTheFirstStageIsAnswered() {
        timeline.enter(T0, stage("prospecting"));

        assertThat(timeline.stageAt(T0.minusSeconds(1))).isEqualTo(stage("prospecting"));
    }

    private static StageId stage(String id) {
        return StageId.of(id);
    }
}
