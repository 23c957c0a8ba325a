package io.pipelineledger.command.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelineledger.command.ingest.BadRequestBodyException;
import io.pipelineledger.command.ingest.IngestResult;
import io.pipelineledger.command.ingest.IngestionService;
import io.pipelineledger.command.ingest.OpportunityHistoryCsv;
import io.pipelineledger.events.EventJson;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Backfill: a CRM's opportunity-history export (CSV) and a stage mapping, imported as CRM events. */
@RestController
public class ImportController {

    /** What an import did: rows read, facts recorded or already there, and every row left out with why. */
    public record ImportResult(int rows, int accepted, int duplicates, List<RowProblem> rejected) {
    }

    public record RowProblem(int line, String error) {
    }

    private static final ObjectMapper JSON = EventJson.mapper();

    private final IngestionService ingestion;

    public ImportController(IngestionService ingestion) {
        this.ingestion = ingestion;
    }

    @Operation(summary = "Import an opportunity-history CSV (backfill)", description = "multipart/form-data with "
            + "a part 'history' (CSV: opportunityId, changedAt, stage, amount, repId; optional currency, teamId, "
            + "regionId, closeDate; one row per change) and a part 'mapping' (lines 'CRM stage name = "
            + "process-stage-id | WON | LOST'). Rows that cannot be read or whose facts are refused are listed by "
            + "line number; the rest are recorded. Importing the same file again records nothing twice.")
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value = ApiExamples.IMPORT_RESULT)))
    @PostMapping(path = "/api/v1/import/opportunity-history", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public Mono<ImportResult> importHistory(@RequestPart(value = "history", required = false) String history,
                                            @RequestPart(value = "mapping", required = false) String mapping) {
        if (history == null || mapping == null) {
            return Mono.error(new BadRequestBodyException(400, "multipart/form-data needs the parts 'history' (the "
                    + "CSV) and 'mapping' (CRM stage name = process stage)"));
        }
        return Mono.fromCallable(() -> {
            OpportunityHistoryCsv converter;
            try {
                converter = new OpportunityHistoryCsv(OpportunityHistoryCsv.parseMapping(mapping));
            } catch (IllegalArgumentException e) {
                throw new BadRequestBodyException(400, e.getMessage());
            }
            return converter.convert(history);
        }).subscribeOn(Schedulers.boundedElastic()).flatMap(converted -> {
            List<JsonNode> events = new ArrayList<>();
            converted.events().forEach(e -> events.add(JSON.valueToTree(e.event())));
            return Mono.fromFuture(() -> ingestion.ingest(events)).map(result -> answer(converted, result));
        });
    }

    private static ImportResult answer(OpportunityHistoryCsv.Result converted, IngestResult result) {
        List<RowProblem> problems = new ArrayList<>();
        converted.errors().forEach(e -> problems.add(new RowProblem(e.line(), e.error())));
        for (IngestResult.Rejection rejection : result.rejected()) {
            OpportunityHistoryCsv.Converted source = converted.events().get(rejection.index());
            problems.add(new RowProblem(source.line(), source.event().get("type") + ": " + rejection.error()));
        }
        problems.sort(Comparator.comparingInt(RowProblem::line));
        return new ImportResult(converted.rows(), result.accepted(), result.duplicates(), problems);
    }
}
