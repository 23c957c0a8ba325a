package io.pipelineledger.command.process;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelineledger.command.api.CommandRejectedException;
import io.pipelineledger.command.ingest.JsonInput;
import io.pipelineledger.events.EvidenceKind;
import io.pipelineledger.events.ids.MilestoneId;
import io.pipelineledger.events.ids.StageId;
import io.pipelineledger.events.process.Enforcement;
import io.pipelineledger.events.process.ExitCriterion;
import io.pipelineledger.events.process.SalesProcess;
import io.pipelineledger.events.process.StageDefinition;

import java.util.ArrayList;
import java.util.List;

import static io.pipelineledger.command.ingest.JsonInput.bad;

/**
 * Reads the body of {@code PUT /api/v1/process}. Criteria are required and ask for a buyer action unless the
 * body says otherwise: the defaults of a process that means what it says.
 */
public final class SalesProcessParser {

    private SalesProcessParser() {
    }

    public static SalesProcess parse(JsonNode body) throws CommandRejectedException {
        JsonInput in = JsonInput.object(body, "");
        JsonNode stagesNode = in.raw("stages");
        if (stagesNode == null || !stagesNode.isArray()) {
            throw bad("stages", "is required: an array of stages in process order");
        }
        List<StageDefinition> stages = new ArrayList<>();
        for (int i = 0; i < stagesNode.size(); i++) {
            stages.add(stage(JsonInput.object(stagesNode.get(i), "stages[" + i + "]")));
        }
        return new SalesProcess(stages, in.enumValue("enforcement", Enforcement.class, Enforcement.RECORD));
    }

    private static StageDefinition stage(JsonInput in) throws CommandRejectedException {
        StageId id = in.id("id", true, StageId::of);
        String name = in.text("name", false);
        double probability = in.probability("probability");
        boolean afterWin = in.bool("afterWin", false);
        JsonNode criteriaNode = in.raw("exitCriteria");
        List<ExitCriterion> criteria = new ArrayList<>();
        if (criteriaNode != null) {
            if (!criteriaNode.isArray()) {
                throw bad(in.name("exitCriteria"), "must be an array");
            }
            for (int j = 0; j < criteriaNode.size(); j++) {
                criteria.add(criterion(JsonInput.object(criteriaNode.get(j), in.name("exitCriteria[" + j + "]"))));
            }
        }
        return new StageDefinition(id, name == null || name.isBlank() ? id.value() : name, probability, afterWin,
                criteria);
    }

    private static ExitCriterion criterion(JsonInput in) throws CommandRejectedException {
        return new ExitCriterion(in.id("id", true, MilestoneId::of), in.text("description", true),
                in.bool("required", true), in.enumValue("evidence", EvidenceKind.class, EvidenceKind.BUYER_ACTION),
                in.text("ownerRole", false));
    }
}
