package io.pipelineledger.embedded.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelineledger.command.ingest.IngestResult;
import io.pipelineledger.command.ingest.IngestionService;
import io.pipelineledger.events.EventJson;
import io.pipelineledger.events.OpportunityOpenedEvent;
import io.pipelineledger.events.generator.CrmEvent;
import io.pipelineledger.events.generator.CrmHistoryGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * With {@code --ledger.demo=true}: on a ledger without opportunities, posts a generated two-year history — about 40
 * reps in 3 regions under the default seven-stage process, with skips, backward moves, slipping close dates,
 * reassignments and late facts ({@link CrmHistoryGenerator}, the tests' generator) — through the same ingestion as
 * CRMs use. A ledger that already holds opportunities is left alone, so starting twice adds nothing.
 */
@Component
public class DemoPipeline {

    private static final Logger log = LoggerFactory.getLogger(DemoPipeline.class);
    private static final ObjectMapper JSON = EventJson.mapper();
    private static final int CHUNK = 2_000;

    private final IngestionService ingestion;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final boolean enabled;
    private final long seed;

    public DemoPipeline(IngestionService ingestion, JdbcTemplate jdbc, Clock clock,
                        @Value("${ledger.demo:false}") boolean enabled,
                        @Value("${ledger.demo-seed:2026}") long seed) {
        this.ingestion = ingestion;
        this.jdbc = jdbc;
        this.clock = clock;
        this.enabled = enabled;
        this.seed = seed;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(Ordered.HIGHEST_PRECEDENCE) // before the line that says where to look
    public void seed() {
        if (!enabled) {
            return;
        }
        Long opportunities = jdbc.queryForObject("SELECT COUNT(*) FROM DomainEventEntry WHERE payloadType = ?",
                Long.class, OpportunityOpenedEvent.class.getName());
        if (opportunities != null && opportunities > 0) {
            log.info("Demo pipeline: the ledger already holds opportunities; nothing added");
            return;
        }
        // up to the start of today, so the history is whole days and the as-of picker's "today" shows all of it
        Instant end = clock.instant().truncatedTo(ChronoUnit.DAYS);
        List<CrmEvent> events = new CrmHistoryGenerator().generate(CrmHistoryGenerator.Settings.twoYears(seed, end))
                .events();
        long accepted = 0;
        for (int from = 0; from < events.size(); from += CHUNK) {
            List<JsonNode> chunk = new ArrayList<>();
            for (CrmEvent event : events.subList(from, Math.min(events.size(), from + CHUNK))) {
                chunk.add(JSON.valueToTree(event.asMap()));
            }
            IngestResult result = ingestion.ingest(chunk).join();
            accepted += result.accepted();
        }
        log.info("Demo pipeline: {} CRM events of {} opportunities posted (two years up to {})", accepted,
                events.stream().map(CrmEvent::opportunityId).distinct().count(), end);
    }
}
