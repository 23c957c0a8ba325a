package io.pipelineledger.command.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.pipelineledger.events.ids.MilestoneId;

import java.util.List;

/** The answer to a posted batch: counts, and for each refused event its index, id and reason. */
public record IngestResult(int accepted, int duplicates, List<Rejection> rejected) {

    /** {@code status} is the HTTP status the event alone would have had; {@code field} the input at fault. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Rejection(int index, String eventId, int status, String field, String error,
                            List<MilestoneId> unmetExitCriteria) {
    }
}
