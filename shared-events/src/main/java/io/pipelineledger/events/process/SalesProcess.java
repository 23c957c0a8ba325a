package io.pipelineledger.events.process;

import io.pipelineledger.events.ids.MilestoneId;
import io.pipelineledger.events.ids.StageId;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The ordered stages of a sales process with their exit criteria, and the questions every side asks of it:
 * where a stage sits, which stages a move skips, which required criteria guard a move.
 */
public record SalesProcess(List<StageDefinition> stages, Enforcement enforcement) {

    public SalesProcess {
        stages = stages == null ? List.of() : List.copyOf(stages);
        enforcement = enforcement == null ? Enforcement.RECORD : enforcement;
    }

    /** Position of the stage in the process, or -1 when the process has no such stage. */
    public int indexOf(StageId stage) {
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i).id().equals(stage)) {
                return i;
            }
        }
        return -1;
    }

    public Optional<StageDefinition> stage(StageId stage) {
        int index = indexOf(stage);
        return index < 0 ? Optional.empty() : Optional.of(stages.get(index));
    }

    /** The stage a won deal moves to: the first after-win stage, if the process has one. */
    public Optional<StageDefinition> wonStage() {
        return stages.stream().filter(StageDefinition::afterWin).findFirst();
    }

    /** The stage whose exit criteria include the milestone. */
    public Optional<StageDefinition> stageOfMilestone(MilestoneId milestone) {
        return stages.stream()
                .filter(s -> s.exitCriteria().stream().anyMatch(c -> c.id().equals(milestone)))
                .findFirst();
    }

    public Optional<ExitCriterion> criterion(MilestoneId milestone) {
        return stages.stream().flatMap(s -> s.exitCriteria().stream())
                .filter(c -> c.id().equals(milestone)).findFirst();
    }

    /** The stages strictly between two positions of a forward move. */
    public List<StageId> stagesBetween(int fromIndex, int toIndex) {
        List<StageId> between = new ArrayList<>();
        for (int i = fromIndex + 1; i < toIndex; i++) {
            between.add(stages.get(i).id());
        }
        return between;
    }

    /** Required exit criteria of every stage a forward move leaves behind: the stage left and any skipped. */
    public List<ExitCriterion> requiredCriteriaLeaving(int fromIndex, int toIndex) {
        List<ExitCriterion> required = new ArrayList<>();
        for (int i = Math.max(fromIndex, 0); i < toIndex && i < stages.size(); i++) {
            stages.get(i).exitCriteria().stream().filter(ExitCriterion::required).forEach(required::add);
        }
        return required;
    }
}
