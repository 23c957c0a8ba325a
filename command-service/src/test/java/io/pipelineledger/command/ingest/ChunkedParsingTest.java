package io.pipelineledger.command.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelineledger.command.ingest.body.RawEvent;
import io.pipelineledger.events.EventJson;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A large body becomes commands in chunks, one task each, so it never holds a shared thread for its whole length
 * (issue 13: no request blocks a shared pool for more than ~100 ms); every event's fate is still reported by index.
 */
class ChunkedParsingTest {

    private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");
    private final CrmEventParser parser = new CrmEventParser(Clock.fixed(AT.plusSeconds(86_400), ZoneOffset.UTC),
            Duration.ofMinutes(5), "USD");
    private final ObjectMapper json = EventJson.mapper();

    @Test
    void aLargeBodyIsParsedOneChunkPerTaskInOrder() throws Exception {
        int events = 5 * IngestionService.PARSE_CHUNK + 500;
        List<RawEvent> body = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            // refused by the parser (no repId), so the writer is never needed: only the parsing is under test
            body.add(RawEvent.of(json.readTree("{\"eventId\":\"e" + i + "\",\"type\":\"OpportunityOpened\","
                    + "\"opportunityId\":\"O-" + i + "\",\"occurredAt\":\"2026-03-01T10:00:00Z\","
                    + "\"stage\":\"prospecting\",\"amount\":10}")));
        }
        AtomicInteger tasks = new AtomicInteger();
        Executor counting = task -> {
            tasks.incrementAndGet();   // on the real executor, other requests' tasks run between two chunks
            task.run();
        };
        IngestionService service = new IngestionService(parser, new IngestionWriter(null, null, null, null, null,
                2000, 1, Duration.ofMillis(2), Duration.ofMillis(250)), counting);

        IngestResult result = service.ingestRead(body).get();

        assertThat(tasks.get()).as("every chunk after the first is a task of its own").isEqualTo(5);
        assertThat(result.accepted()).isZero();
        assertThat(result.rejected()).extracting(IngestResult.Rejection::index)
                .containsExactlyElementsOf(IntStream.range(0, events).boxed().toList());
        assertThat(result.rejected()).allSatisfy(r -> assertThat(r.field()).isEqualTo("repId"));
    }
}
