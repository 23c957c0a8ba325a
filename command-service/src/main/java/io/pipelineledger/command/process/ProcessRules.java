package io.pipelineledger.command.process;

import io.pipelineledger.events.process.ExitCriterion;
import io.pipelineledger.events.process.SalesProcess;
import io.pipelineledger.events.process.StageDefinition;

import java.util.HashSet;
import java.util.Set;

import io.pipelineledger.command.api.CommandRejectedException;

import static io.pipelineledger.command.api.CommandRejectedException.invalid;

/** What makes a process definition usable: ordered unique stages, milestones that belong to exactly one stage. */
public final class ProcessRules {

    public static final int MAX_STAGES = 50;

    private ProcessRules() {
    }

    public static void validate(SalesProcess process) throws CommandRejectedException {
        if (process.stages().isEmpty() || process.stages().size() > MAX_STAGES) {
            throw invalid("stages", "a process needs 1 to " + MAX_STAGES + " stages");
        }
        Set<Object> stageIds = new HashSet<>();
        Set<Object> milestoneIds = new HashSet<>();
        boolean seenAfterWin = false;
        int openStages = 0;
        for (int i = 0; i < process.stages().size(); i++) {
            StageDefinition stage = process.stages().get(i);
            String path = "stages[" + i + "]";
            if (!stageIds.add(stage.id())) {
                throw invalid(path + ".id", "stage id '" + stage.id() + "' appears twice");
            }
            if (!(stage.probability() >= 0.0 && stage.probability() <= 1.0)) {
                throw invalid(path + ".probability", "probability must be between 0 and 1");
            }
            if (stage.afterWin()) {
                seenAfterWin = true;
            } else if (seenAfterWin) {
                throw invalid(path + ".afterWin", "open stages must come before the after-win stages");
            } else {
                openStages++;
            }
            for (int j = 0; j < stage.exitCriteria().size(); j++) {
                ExitCriterion criterion = stage.exitCriteria().get(j);
                if (!milestoneIds.add(criterion.id())) {
                    throw invalid(path + ".exitCriteria[" + j + "].id",
                            "milestone id '" + criterion.id() + "' appears twice in the process");
                }
            }
        }
        if (openStages == 0) {
            throw invalid("stages", "a process needs at least one stage before the win");
        }
    }
}
