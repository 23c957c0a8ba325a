package io.pipelineledger.command.process;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelineledger.events.EventJson;
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
 * body says otherwise: the defaults of a process that means what it says. Unknown fields are refused by name; at
 * most 50 stages of 50 criteria each, and the recorded version must fit the store's
 * 1 MB payload: it is measured, and refused above 512 KB; the body itself is capped by ledger.http.max-body-size
 * before it is parsed).
 */
public final class SalesProcessParser {

    private SalesProcessParser() {
    }

    /** More would not be a sales process a team can follow, and keeps the recorded version well within a payload. */
    public static final int MAX_STAGES = 50;
    public static final int MAX_CRITERIA_PER_STAGE = 50;
    /** The event store's payload column holds 1 MB: a version is refused well before it could overflow it. */
    public static final int MAX_RECORDED_BYTES = 512 * 1024;
    private static final ObjectMapper JSON = EventJson.mapper();

    public static SalesProcess parse(JsonNode body) throws CommandRejectedException {
        JsonInput in = JsonInput.object(body, "");
        in.allowOnly(List.of("stages", "enforcement"), "the sales process");
        JsonNode stagesNode = in.raw("stages");
        if (stagesNode == null || !stagesNode.isArray()) {
            throw bad("stages", "is required: an array of stages in process order");
        }
        if (stagesNode.size() > MAX_STAGES) {
            throw new CommandRejectedException(413, "stages", "stages may be at most " + MAX_STAGES
                    + " (were " + stagesNode.size() + ")");
        }
        List<StageDefinition> stages = new ArrayList<>();
        for (int i = 0; i < stagesNode.size(); i++) {
            stages.add(stage(JsonInput.object(stagesNode.get(i), "stages[" + i + "]")));
        }
        SalesProcess process = new SalesProcess(stages, in.enumValue("enforcement", Enforcement.class,
                Enforcement.RECORD));
        int recordedSize = recordedSize(process);
        if (recordedSize > MAX_RECORDED_BYTES) {
            throw new CommandRejectedException(413, "stages", "the sales process would be recorded as "
                    + recordedSize + " bytes; at most " + MAX_RECORDED_BYTES + " (fewer or shorter criteria)");
        }
        return process;
    }

    private static int recordedSize(SalesProcess process) {
        try {
            return JSON.writeValueAsBytes(process).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static StageDefinition stage(JsonInput in) throws CommandRejectedException {
        in.allowOnly(List.of("id", "name", "probability", "afterWin", "exitCriteria"), "a stage");
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
            if (criteriaNode.size() > MAX_CRITERIA_PER_STAGE) {
                throw new CommandRejectedException(413, in.name("exitCriteria"), in.name("exitCriteria")
                        + " may hold at most " + MAX_CRITERIA_PER_STAGE + " criteria (were " + criteriaNode.size() + ")");
            }
            for (int j = 0; j < criteriaNode.size(); j++) {
                criteria.add(criterion(JsonInput.object(criteriaNode.get(j), in.name("exitCriteria[" + j + "]"))));
            }
        }
        return new StageDefinition(id, name == null || name.isBlank() ? id.value() : name, probability, afterWin,
                criteria);
    }

    private static ExitCriterion criterion(JsonInput in) throws CommandRejectedException {
        in.allowOnly(List.of("id", "description", "required", "evidence", "ownerRole"), "an exit criterion");
        return new ExitCriterion(in.id("id", true, MilestoneId::of), in.freeText("description", true),
                in.bool("required", true), in.enumValue("evidence", EvidenceKind.class, EvidenceKind.BUYER_ACTION),
                in.text("ownerRole", false));
    }
}
