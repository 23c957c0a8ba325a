package io.pipelineledger.command.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelineledger.command.ingest.BadRequestBodyException;
import io.pipelineledger.command.ingest.IngestResult;
import io.pipelineledger.command.ingest.IngestionService;
import io.pipelineledger.command.ingest.OpportunityHistoryCsv;
import io.pipelineledger.command.ingest.TextRules;
import io.pipelineledger.command.ingest.body.BodyLimits;
import io.pipelineledger.command.ingest.body.EventBodies;
import io.pipelineledger.command.ingest.body.EventBodyReader;
import io.pipelineledger.events.EventJson;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.Part;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Backfill: a CRM's opportunity-history export (CSV) and a stage mapping, imported as CRM events. */
@RestController
public class ImportController {

    /** What an import did: rows read, facts recorded or already there, and every row left out with why. */
    public record ImportResult(int rows, int accepted, int duplicates, List<RowProblem> rejected) {
    }

    /** The form's two parts, for the OpenAPI document (the handler reads them as parts). */
    @Schema(name = "OpportunityHistoryImport")
    public record ImportForm(
            @Schema(description = "the CRM's opportunity-history export (CSV, UTF-8, one row per change)",
                    example = ApiExamples.IMPORT_HISTORY, format = "binary") String history,
            @Schema(description = "CRM stage name = process-stage-id | WON | LOST, one per line; # comments",
                    example = ApiExamples.IMPORT_MAPPING, format = "binary") String mapping) {
    }

    /** {@code field}: the column (or event field) at fault, when one is. */
    public record RowProblem(int line, String field, String error) {
    }

    private static final ObjectMapper JSON = EventJson.mapper();

    private final IngestionService ingestion;
    private final BodyLimits limits;

    public ImportController(IngestionService ingestion, EventBodies bodies) {
        this.ingestion = ingestion;
        this.limits = bodies.limits();
    }

    @Operation(summary = "Import an opportunity-history CSV (backfill)", description = "multipart/form-data with "
            + "a part 'history' (CSV: opportunityId, changedAt, stage, amount, repId; optional currency, teamId, "
            + "regionId, closeDate; one row per change) and a part 'mapping' (lines 'CRM stage name = "
            + "process-stage-id | WON | LOST'). Rows that cannot be read or whose facts are refused are listed by "
            + "line number, with the column at fault (field); the rest are recorded. Importing the same file again "
            + "records nothing twice.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.MULTIPART_FORM_DATA_VALUE, schema = @Schema(implementation = ImportForm.class),
            examples = @ExampleObject(name = "curl", summary = "curl -F history=@history.csv -F mapping=@mapping.txt",
                    value = "history:\n" + ApiExamples.IMPORT_HISTORY + "\nmapping:\n" + ApiExamples.IMPORT_MAPPING)))
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value = ApiExamples.IMPORT_RESULT)))
    @PostMapping(path = "/api/v1/import/opportunity-history", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public Mono<ImportResult> importHistory(@RequestPart(value = "history", required = false) Part history,
                                            @RequestPart(value = "mapping", required = false) Part mapping) {
        if (history == null || mapping == null) {
            return Mono.error(new BadRequestBodyException(400, "multipart/form-data needs the parts 'history' (the "
                    + "CSV) and 'mapping' (CRM stage name = process stage)"));
        }
        return Mono.zip(text(history), text(mapping)).publishOn(Schedulers.boundedElastic()).map(parts -> {
            OpportunityHistoryCsv converter;
            try {
                converter = new OpportunityHistoryCsv(OpportunityHistoryCsv.parseMapping(parts.getT2()));
            } catch (IllegalArgumentException e) {
                throw new BadRequestBodyException(400, "mapping", e.getMessage());
            }
            OpportunityHistoryCsv.Result converted = converter.convert(parts.getT1());
            if (converted.events().size() > limits.maxEvents()) {
                throw new BadRequestBodyException(413, "history", "an import may carry at most " + limits.maxEvents()
                        + " changes (this one has " + converted.events().size() + "); split the file");
            }
            return converted;
        }).flatMap(converted -> {
            List<JsonNode> events = new ArrayList<>();
            converted.events().forEach(e -> events.add(JSON.valueToTree(e.event())));
            return Mono.fromFuture(() -> ingestion.ingest(events)).map(result -> answer(converted, result));
        });
    }

    /**
     * A part's text. Bytes that are not UTF-8 become U+FFFF, which the row rules refuse: the row holding them is
     * reported, not silently imported with a replacement character.
     */
    private Mono<String> text(Part part) {
        return DataBufferUtils.join(part.content(), (int) Math.min(Integer.MAX_VALUE, limits.maxBodyBytes()))
                .map(buffer -> {
                    try {
                        byte[] bytes = new byte[buffer.readableByteCount()];
                        buffer.read(bytes);
                        return StandardCharsets.UTF_8.newDecoder()
                                .onMalformedInput(CodingErrorAction.REPLACE)
                                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                                .replaceWith(String.valueOf(TextRules.NOT_UTF8))
                                .decode(ByteBuffer.wrap(bytes)).toString();
                    } catch (CharacterCodingException e) {
                        throw new IllegalStateException(e); // REPLACE never reports
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .defaultIfEmpty("")
                .onErrorMap(DataBufferLimitException.class, e -> EventBodyReader.tooLarge(limits.maxBodyBytes()));
    }

    private static ImportResult answer(OpportunityHistoryCsv.Result converted, IngestResult result) {
        List<RowProblem> problems = new ArrayList<>();
        converted.errors().forEach(e -> problems.add(new RowProblem(e.line(), e.field(), e.error())));
        for (IngestResult.Rejection rejection : result.rejected()) {
            OpportunityHistoryCsv.Converted source = converted.events().get(rejection.index());
            problems.add(new RowProblem(source.line(), rejection.field(),
                    source.event().get("type") + ": " + rejection.error()));
        }
        problems.sort(Comparator.comparingInt(RowProblem::line));
        return new ImportResult(converted.rows(), result.accepted(), result.duplicates(), problems);
    }
}
