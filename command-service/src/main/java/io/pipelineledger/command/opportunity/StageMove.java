package io.pipelineledger.command.opportunity;

import io.pipelineledger.events.StageChangeKind;
import io.pipelineledger.events.ids.MilestoneId;
import io.pipelineledger.events.ids.StageId;
import io.pipelineledger.events.process.ExitCriterion;
import io.pipelineledger.events.process.SalesProcess;

import java.util.List;
import java.util.function.Predicate;

/**
 * A move between two positions of the process, classified: forward to the next stage, forward past stages
 * (skipping their exit criteria too), or backward. Only forward moves have exit criteria to meet.
 */
record StageMove(StageChangeKind kind, List<StageId> skippedStages, List<MilestoneId> unmetExitCriteria) {

    static StageMove between(SalesProcess process, int fromIndex, int toIndex, Predicate<MilestoneId> met) {
        if (toIndex < fromIndex) {
            return new StageMove(StageChangeKind.MOVED_BACKWARD, List.of(), List.of());
        }
        List<StageId> skipped = process.stagesBetween(fromIndex, toIndex);
        List<MilestoneId> unmet = process.requiredCriteriaLeaving(fromIndex, toIndex).stream()
                .map(ExitCriterion::id)
                .filter(met.negate())
                .toList();
        return new StageMove(skipped.isEmpty() ? StageChangeKind.ADVANCED : StageChangeKind.SKIPPED, skipped, unmet);
    }
}
