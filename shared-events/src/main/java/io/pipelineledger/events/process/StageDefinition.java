package io.pipelineledger.events.process;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.pipelineledger.events.ids.StageId;

import java.util.List;

/**
 * One stage of the sales process. {@code probability} is the fixed weight a classic CRM gives deals in the stage
 * (the baseline forecast). {@code afterWin} marks stages a deal only reaches by being won (Account Management).
 */
public record StageDefinition(StageId id, String name, double probability,
                              @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean afterWin,
                              List<ExitCriterion> exitCriteria) {

    public StageDefinition {
        exitCriteria = exitCriteria == null ? List.of() : List.copyOf(exitCriteria);
    }
}
