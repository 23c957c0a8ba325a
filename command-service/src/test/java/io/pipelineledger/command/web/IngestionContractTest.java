package io.pipelineledger.command.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelineledger.command.ingest.RecordedEventIds;
import io.pipelineledger.command.support.ThreadRecordingDataSource;
import io.pipelineledger.events.MilestoneAchievedEvent;
import io.pipelineledger.events.OpportunityEvent;
import io.pipelineledger.events.OpportunityOpenedEvent;
import io.pipelineledger.events.StageChangeKind;
import io.pipelineledger.events.StageChangedEvent;
import io.pipelineledger.events.generator.CrmEvent;
import io.pipelineledger.events.generator.CrmHistoryGenerator;
import io.pipelineledger.events.EvidenceKind;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.pipelineledger.command.support.LedgerEvents.array;
import static io.pipelineledger.command.support.LedgerEvents.histories;
import static io.pipelineledger.command.support.LedgerEvents.milestone;
import static io.pipelineledger.command.support.LedgerEvents.ndjson;
import static io.pipelineledger.command.support.LedgerEvents.of;
import static io.pipelineledger.command.support.LedgerEvents.opened;
import static io.pipelineledger.command.support.LedgerEvents.stage;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ingestion contract, run against each event store (H2 files, PostgreSQL) by the subclasses. Every test uses
 * its own opportunity ids; tests that redefine the process run last and restore the default.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ledger.ingest.max-events-per-request=3000",
        "spring.codec.max-in-memory-size=2MB"})
@Import(ThreadRecordingDataSource.Config.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class IngestionContractTest {

    @Autowired
    WebTestClient web;
    @Autowired
    EventStore eventStore;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    RecordedEventIds recordedIds;

    // --- the happy paths

    @Test
    void recordsAJsonArrayAndReportsCounts() {
        JsonNode result = post(array(
                opened("a1", "A", "2026-03-01T10:00:00Z", "prospecting", "50000"),
                milestone("a2", "A", "2026-03-02T10:00:00Z", "first-meeting-accepted"),
                stage("a3", "A", "2026-03-03T10:00:00Z", "qualification")));
        assertCounts(result, 3, 0);
        List<OpportunityEvent> events = stored("A");
        assertThat(events).hasSize(3);
        OpportunityOpenedEvent opened = (OpportunityOpenedEvent) events.get(0);
        assertThat(opened.amount().value()).isEqualByComparingTo("50000");
        assertThat(opened.amount().currency()).isEqualTo("EUR");
        assertThat(opened.processVersion()).isEqualTo(1);
        MilestoneAchievedEvent milestone = (MilestoneAchievedEvent) events.get(1);
        assertThat(milestone.evidence().kind()).isEqualTo(EvidenceKind.BUYER_ACTION);
        assertThat(milestone.verified()).isTrue();
        StageChangedEvent advance = (StageChangedEvent) events.get(2);
        assertThat(advance.kind()).isEqualTo(StageChangeKind.ADVANCED);
        assertThat(advance.unmetExitCriteria()).isEmpty();
        assertThat(advance.occurredAt()).isEqualTo(Instant.parse("2026-03-03T10:00:00Z"));
    }

    @Test
    void recordsNdjsonAndASingleObject() {
        JsonNode result = postNdjson(ndjson(
                opened("n1", "N", "2026-03-01T10:00:00Z", "prospecting", "100"),
                stage("n2", "N", "2026-03-05T10:00:00Z", "development")));
        assertCounts(result, 2, 0);
        assertCounts(post(of("OpportunityLost", "n3", "N", "2026-03-09T10:00:00Z", "\"reason\":\"no budget\"")), 1, 0);
        StageChangedEvent skip = (StageChangedEvent) stored("N").get(1);
        assertThat(skip.kind()).isEqualTo(StageChangeKind.SKIPPED);
        assertThat(skip.skippedStages()).extracting(Object::toString).containsExactly("qualification");
        assertThat(skip.unmetExitCriteria()).extracting(Object::toString).containsExactly("first-meeting-accepted",
                "pain-confirmed", "budget-confirmed", "decision-process-identified");
    }

    @Test
    void sameEventIdIsADuplicateWithinABatchAndAcrossPosts() {
        String open = opened("d1", "D", "2026-03-01T10:00:00Z", "prospecting", "10");
        assertCounts(post(array(open, open)), 1, 1);
        assertCounts(post(array(open, stage("d2", "D", "2026-03-02T10:00:00Z", "qualification"))), 1, 1);
        assertCounts(post(array(open, stage("d2", "D", "2026-03-02T10:00:00Z", "qualification"))), 0, 2);
        assertThat(stored("D")).hasSize(2);
    }

    @Test
    void anEventIdReusedForAnotherFactInOneRequestIsRefusedEvenAcrossWriters() {
        // two deals that the two writers own (lanes by hash), opened in one request with the same event id
        String first = "DUP-A";
        String second = java.util.stream.IntStream.range(0, 100).mapToObj(i -> "DUP-B" + i)
                .filter(id -> Math.floorMod(id.hashCode(), 2) != Math.floorMod(first.hashCode(), 2))
                .findFirst().orElseThrow();
        JsonNode result = post(array(opened("same-id", first, "2026-03-01T10:00:00Z", "prospecting", "10"),
                opened("same-id", second, "2026-03-01T10:00:00Z", "prospecting", "10")));
        assertCounts(result, 1, 0);
        assertRejected(result, 1, 409, "eventId");
        assertThat(result.path("rejected").get(0).path("error").asText())
                .contains("eventId same-id is already used for a different fact");
        // the first occurrence in the request is the one recorded, the other deal has nothing
        assertThat(stored(first)).extracting(OpportunityEvent::eventId).containsExactly("same-id");
        assertThat(stored(second)).isEmpty();
    }

    @Test
    void anEventIdReusedForAnotherFactIsRefusedAndItsFactIsNotDropped() {
        assertCounts(post(opened("claim-1", "CLAIM-A", "2026-03-01T10:00:00Z", "prospecting", "10")), 1, 0);
        JsonNode reused = post(array(opened("claim-1", "CLAIM-B", "2026-03-01T10:00:00Z", "prospecting", "10"),
                opened("claim-2", "CLAIM-B", "2026-03-01T10:00:00Z", "prospecting", "20")));
        assertCounts(reused, 1, 0);
        assertRejected(reused, 0, 409, "eventId");
        assertThat(reused.path("rejected").get(0).path("eventId").asText()).isEqualTo("claim-1");
        assertThat(stored("CLAIM-B")).extracting(OpportunityEvent::eventId).containsExactly("claim-2");
        // the same field changed is another fact too; the stored one is untouched
        JsonNode otherAmount = post(opened("claim-1", "CLAIM-A", "2026-03-01T10:00:00Z", "prospecting", "11"));
        assertRejected(otherAmount, 0, 409, "eventId");
        assertThat(((OpportunityOpenedEvent) stored("CLAIM-A").get(0)).amount().value()).isEqualByComparingTo("10");
        // the single-resource endpoint answers the refusal as a problem
        JsonNode problem = problem(web.post().uri("/api/v1/opportunities/CLAIM-C/events")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"eventId\":\"claim-1\",\"type\":"
                        + "\"OpportunityOpened\",\"occurredAt\":\"2026-03-01T10:00:00Z\",\"repId\":\"rep-1\","
                        + "\"stage\":\"prospecting\",\"amount\":10}"), 409);
        assertThat(problem.path("field").asText()).isEqualTo("eventId");
        assertThat(problem.path("detail").asText()).contains("eventId claim-1 is already used for a different fact");
        assertThat(problem.toString()).doesNotContain("Exception", "io.pipelineledger");
        assertThat(stored("CLAIM-C")).isEmpty();
    }

    @Test
    void theSameFactWrittenDifferentlyIsADuplicate() {
        assertCounts(post(opened("same-1", "SAME-F", "2026-03-01T10:00:00Z", "prospecting", "10")), 1, 0);
        // other key order, whitespace, offset for the same instant, 10.00 for 10: the same parsed fact
        String rewritten = "{ \"amount\" : 10.00, \"type\":\"OpportunityOpened\", \"eventId\":\"same-1\",\n"
                + " \"occurredAt\":\"2026-03-01T11:00:00+01:00\", \"opportunityId\":\"SAME-F\", \"repId\":\"rep-1\","
                + "\"currency\":\"EUR\",\"teamId\":\"team-1\",\"regionId\":\"emea\",\"accountId\":\"acme\","
                + "\"stage\":\"prospecting\",\"expectedCloseDate\":\"2026-12-15\"}";
        assertCounts(post(rewritten), 0, 1);
        assertCounts(post(array(rewritten, rewritten)), 0, 2);
        assertThat(stored("SAME-F")).hasSize(1);
        byte[] metaData = jdbc.queryForObject("SELECT metaData FROM DomainEventEntry WHERE eventIdentifier = "
                + "'crm:same-1'", byte[].class);
        assertThat(new String(metaData, java.nio.charset.StandardCharsets.UTF_8))
                .as("the fingerprint is stored with the event").containsPattern("\"ledger-fingerprint\":\"v1:[0-9a-f]{64}\"");
    }

    @Test
    void anIdStoredWithoutFingerprintStaysADuplicate() {
        assertCounts(post(opened("old-1", "OLD-F", "2026-03-01T10:00:00Z", "prospecting", "10")), 1, 0);
        String otherFact = opened("old-1", "OLD-G", "2026-03-01T10:00:00Z", "prospecting", "10");
        assertRejected(post(otherFact), 0, 409, "eventId");
        // as an event recorded before fingerprints existed: its content is unknown, so any repost is a duplicate
        jdbc.update("UPDATE DomainEventEntry SET metaData = ? WHERE eventIdentifier = 'crm:old-1'",
                (Object) "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertCounts(post(otherFact), 0, 1);
        assertThat(stored("OLD-G")).isEmpty();
    }

    @Test
    void clientsRacingWithOneEventIdForDifferentFactsRecordExactlyOne() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 12; round++) {
                String id = "race-" + round;
                // deals of both writers (by hash), so some races meet only at the store's unique index
                List<Future<JsonNode>> answers = List.of(
                        pool.submit(() -> post(opened(id, "RACE-A" + id, "2026-03-01T10:00:00Z", "prospecting", "1"))),
                        pool.submit(() -> post(opened(id, "RACE-B" + id, "2026-03-01T10:00:00Z", "prospecting", "2"))));
                int recorded = 0;
                int refused = 0;
                for (Future<JsonNode> answer : answers) {
                    JsonNode result = answer.get();
                    recorded += result.path("accepted").asInt();
                    if (result.path("rejected").size() == 1) {
                        assertRejected(result, 0, 409, "eventId");
                        refused++;
                    }
                }
                assertThat(recorded).as("recorded in round %d", round).isEqualTo(1);
                assertThat(refused).as("refused in round %d", round).isEqualTo(1);
                assertThat(stored("RACE-A" + id).size() + stored("RACE-B" + id).size()).isEqualTo(1);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void backfilledEventsAreKeptAtTheirBusinessTime() {
        // Posted out of order: the stage change first, the opening last.
        JsonNode result = post(array(
                stage("b3", "B", "2026-02-03T10:00:00Z", "qualification"),
                milestone("b2", "B", "2026-02-02T10:00:00Z", "first-meeting-accepted"),
                opened("b1", "B", "2026-02-01T10:00:00Z", "prospecting", "10")));
        assertCounts(result, 3, 0);
        // a later batch backfills a milestone from before the advance
        assertCounts(post(milestone("b0", "B", "2026-02-01T12:00:00Z", "icp-fit-checked")), 1, 0);
        List<OpportunityEvent> events = stored("B");
        assertThat(events).extracting(OpportunityEvent::eventId).containsExactly("b1", "b2", "b3", "b0");
        assertThat(events.get(3).occurredAt()).isEqualTo(Instant.parse("2026-02-01T12:00:00Z"));
        assertThat(((StageChangedEvent) events.get(2)).unmetExitCriteria()).isEmpty();
    }

    @Test
    void concurrentPostsForOneOpportunityAreAllRecordedInOrder() throws Exception {
        assertCounts(post(opened("c0", "C", "2026-01-01T00:00:00Z", "prospecting", "10")), 1, 0);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<JsonNode>> results = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String at = Instant.parse("2026-01-02T00:00:00Z").plusSeconds(i).toString();
            String event = of("AmountRevised", "c-" + i, "C", at, "\"amount\":" + (100 + i));
            results.add(pool.submit(() -> post(event)));
        }
        for (Future<JsonNode> r : results) {
            assertCounts(r.get(), 1, 0);
        }
        pool.shutdown();
        List<OpportunityEvent> events = stored("C");
        assertThat(events).hasSize(41);
        assertThat(recordedIds.existing(events.stream().map(OpportunityEvent::eventId).toList())).hasSize(41);
    }

    @Test
    void storedRevisionOneEventsAreUpcastWhenReadAndNeverRewritten() {
        post(opened("u1", "U", "2026-03-01T10:00:00Z", "prospecting", "10"));
        String revision1 = "{\"eventId\":\"u2\",\"opportunityId\":\"U\",\"occurredAt\":\"2026-03-02T10:00:00Z\","
                + "\"milestoneId\":\"first-meeting-accepted\",\"stage\":\"prospecting\",\"evidence\":\"BUYER_ACTION\","
                + "\"evidenceReference\":\"mail-7\",\"buyerContact\":\"ceo@buyer.example\",\"actor\":\"rep-1\"}";
        jdbc.update("INSERT INTO DomainEventEntry (aggregateIdentifier, sequenceNumber, type, eventIdentifier, "
                        + "metaData, payload, payloadRevision, payloadType, timeStamp) VALUES (?,?,?,?,?,?,?,?,?)",
                "U", 1, "Opportunity", java.util.UUID.randomUUID().toString(), "{}".getBytes(),
                revision1.getBytes(java.nio.charset.StandardCharsets.UTF_8), "1",
                MilestoneAchievedEvent.class.getName(), "2026-03-02T10:00:01Z");
        MilestoneAchievedEvent read = (MilestoneAchievedEvent) stored("U").get(1);
        assertThat(read.evidence().kind()).isEqualTo(EvidenceKind.BUYER_ACTION);
        assertThat(read.evidence().reference()).isEqualTo("mail-7");
        assertThat(read.evidence().buyerContact()).isEqualTo("ceo@buyer.example");
        assertThat(read.verified()).isTrue();
        assertThat(jdbc.queryForObject("SELECT payloadRevision FROM DomainEventEntry WHERE aggregateIdentifier = 'U'"
                + " AND sequenceNumber = 1", String.class)).isEqualTo("1");
    }

    @Test
    void aGeneratedCrmHistoryIsRecordedWholeAndIdempotently() {
        Instant end = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        CrmHistoryGenerator.History history = new CrmHistoryGenerator().generate(new CrmHistoryGenerator.Settings(
                11, 10, 2, end.minus(java.time.Duration.ofDays(240)), end, 3.0, 0.05, 0.05));
        List<CrmEvent> events = history.events();
        assertThat(events.size()).isGreaterThan(1_000);
        int accepted = 0;
        for (int from = 0; from < events.size(); from += 1_000) {
            JsonNode result = post(CrmEvent.toJsonArray(events.subList(from, Math.min(events.size(), from + 1_000))));
            assertThat(result.path("rejected")).as("rejections").isEmpty();
            accepted += result.path("accepted").asInt();
        }
        assertThat(accepted).isEqualTo(events.size());
        assertCounts(post(CrmEvent.toJsonArray(events.subList(0, 500))), 0, 500);
    }

    // --- bad input: each event stands or falls alone, and nothing half-written

    @Test
    void everyBadEventIsRejectedNamingItsFieldAndTheValidOnesStand() {
        post(array(opened("x0", "X", "2026-03-01T10:00:00Z", "prospecting", "10"),
                of("OpportunityWon", "x-won", "XW", "2026-03-01T10:00:00Z", "")));
        post(opened("xw0", "XW", "2026-03-01T10:00:00Z", "prospecting", "10"));
        post(of("OpportunityWon", "xw1", "XW", "2026-03-02T10:00:00Z", ""));
        JsonNode result = post(array(
                "42",
                of("Bogus", "x1", "X", "2026-03-02T10:00:00Z", ""),
                "{\"type\":\"StageChanged\",\"opportunityId\":\"X\",\"occurredAt\":\"2026-03-02T10:00:00Z\",\"toStage\":\"development\"}",
                of("StageChanged", "x3", "X", "2026-03-02T10:00:00Z", ""),
                of("StageChanged", "x4", "X", "yesterday", "\"toStage\":\"development\""),
                of("StageChanged", "x5", "bad id!", "2026-03-02T10:00:00Z", "\"toStage\":\"development\""),
                of("AmountRevised", "x6", "X", "2026-03-02T10:00:00Z", "\"amount\":-1"),
                of("AmountRevised", "x7", "X", "2026-03-02T10:00:00Z", "\"amount\":\"lots\""),
                of("StageChanged", "x8", "X", "2026-03-02T10:00:00Z", "\"toStage\":\"negotiation\""),
                milestone("x9", "X", "2026-03-02T10:00:00Z", "golf-played"),
                of("StageChanged", "x10", "NOPE", "2026-03-02T10:00:00Z", "\"toStage\":\"development\""),
                of("AmountRevised", "x11", "XW", "2026-03-03T10:00:00Z", "\"amount\":5"),
                of("ForecastCategorySet", "x12", "X", "2026-03-02T10:00:00Z", "\"category\":\"MAYBE\""),
                of("StageChanged", "x13", "X", "2999-01-01T00:00:00Z", "\"toStage\":\"development\""),
                of("CloseDateRevised", "x14", "X", "2026-03-02T10:00:00Z", "\"expectedCloseDate\":\"31/12/2026\""),
                of("StageChanged", "x15", "X", "2026-03-02T10:00:00Z", "\"toStage\":\"qualification\"")));
        assertCounts(result, 1, 0);
        assertRejected(result, 0, 400, "body");
        assertRejected(result, 1, 400, "type");
        assertRejected(result, 2, 400, "eventId");
        assertRejected(result, 3, 400, "toStage");
        assertRejected(result, 4, 400, "occurredAt");
        assertRejected(result, 5, 400, "opportunityId");
        assertRejected(result, 6, 400, "amount");
        assertRejected(result, 7, 400, "amount");
        assertRejected(result, 8, 422, "toStage");
        assertRejected(result, 9, 422, "milestoneId");
        assertRejected(result, 10, 404, "opportunityId");
        assertRejected(result, 11, 409, "opportunityId");
        assertRejected(result, 12, 400, "category");
        assertRejected(result, 13, 400, "occurredAt");
        assertRejected(result, 14, 400, "expectedCloseDate");
        assertThat(stored("X")).extracting(OpportunityEvent::eventId).containsExactly("x0", "x15");
        assertThat(stored("XW")).extracting(OpportunityEvent::eventId).containsExactly("xw0", "xw1");
        assertThat(recordedIds.existing(List.of("x1", "x6", "x8", "x10", "x11", "x-won"))).isEmpty();
    }

    @Test
    void ndjsonLineThatIsNotJsonIsRejectedAlone() {
        JsonNode result = postNdjson(opened("l1", "L", "2026-03-01T10:00:00Z", "prospecting", "10")
                + "\n{not json\n" + stage("l2", "L", "2026-03-02T10:00:00Z", "qualification") + "\n");
        assertCounts(result, 2, 0);
        assertRejected(result, 1, 400, "body");
    }

    @Test
    void bodiesThatAreNotEventsAreProblems() {
        problem(web.post().uri("/api/v1/events").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"oops\""), 400);
        problem(web.post().uri("/api/v1/events").contentType(MediaType.APPLICATION_JSON).bodyValue("\"text\""), 400);
        problem(web.post().uri("/api/v1/events").contentType(MediaType.APPLICATION_JSON).bodyValue("[] trailing"), 400);
        problem(web.post().uri("/api/v1/events").contentType(MediaType.APPLICATION_JSON), 400);
        problem(web.post().uri("/api/v1/events").contentType(MediaType.parseMediaType("application/x-ndjson"))
                .bodyValue("garbage\nmore garbage\n"), 400);
        problem(web.post().uri("/api/v1/events").contentType(MediaType.TEXT_PLAIN).bodyValue("[]"), 415);
        problem(web.get().uri("/api/v1/nowhere"), 404);
        problem(web.delete().uri("/api/v1/events"), 405);
    }

    @Test
    void oversizedRequestsAreRefusedWith413() {
        problem(web.post().uri("/api/v1/events").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(array(histories("TOO-MANY", 751))), 413);
        String huge = "[" + "{\"eventId\":\"h\",\"padding\":\"" + "x".repeat(3_000_000) + "\"}]";
        problem(web.post().uri("/api/v1/events").contentType(MediaType.APPLICATION_JSON).bodyValue(huge), 413);
        assertThat(stored("TOO-MANY-0")).isEmpty();
    }

    @Test
    void deeplyNestedJsonIsABadRequestNotACrash() {
        String deep = "[" + "{\"a\":".repeat(5000) + "1" + "}".repeat(5000) + "]";
        problem(web.post().uri("/api/v1/events").contentType(MediaType.APPLICATION_JSON).bodyValue(deep), 400);
    }

    @Test
    void singleResourceEndpointAnswersWithStatusCodes() {
        String open = "{\"eventId\":\"s1\",\"type\":\"OpportunityOpened\",\"occurredAt\":\"2026-03-01T10:00:00Z\","
                + "\"repId\":\"rep-2\",\"stage\":\"prospecting\",\"amount\":10}";
        web.post().uri("/api/v1/opportunities/S/events").contentType(MediaType.APPLICATION_JSON).bodyValue(open)
                .exchange().expectStatus().isCreated().expectBody().jsonPath("$.status").isEqualTo("RECORDED");
        web.post().uri("/api/v1/opportunities/S/events").contentType(MediaType.APPLICATION_JSON).bodyValue(open)
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("DUPLICATE");
        JsonNode notFound = problem(web.post().uri("/api/v1/opportunities/S-NONE/events")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"eventId\":\"s2\",\"type\":\"StageChanged\",\"occurredAt\":\"2026-03-01T10:00:00Z\","
                        + "\"toStage\":\"qualification\"}"), 404);
        assertThat(notFound.path("field").asText()).isEqualTo("opportunityId");
    }

    @Test
    void noJdbcWorkRunsOnTheEventLoop() {
        post(array(histories("LOOP", 20)));
        web.get().uri("/api/v1/process").exchange().expectStatus().isOk();
        assertThat(ThreadRecordingDataSource.THREADS).isNotEmpty()
                .noneMatch(name -> name.startsWith("reactor-http") || name.contains("nio"));
    }

    @Test
    void theOpenApiDocumentDescribesEveryEndpointWithExamples() {
        JsonNode doc = getJson("/v3/api-docs");
        List<String> paths = new ArrayList<>();
        doc.path("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).contains("/api/v1/events", "/api/v1/opportunities/{opportunityId}/events",
                "/api/v1/process", "/api/v1/process/versions");
        JsonNode events = doc.path("paths").path("/api/v1/events").path("post");
        assertThat(events.path("requestBody").path("content").path("application/json").path("examples")
                .path("batch").path("value").toString()).contains("OpportunityOpened");
        assertThat(events.path("requestBody").path("content").has("application/x-ndjson")).isTrue();
        assertThat(events.path("responses").has("413")).isTrue();
        assertThat(doc.path("paths").path("/api/v1/process").path("put").path("requestBody").toString())
                .contains("exitCriteria");
        web.get().uri("/swagger-ui/index.html").exchange().expectStatus().isOk();
    }

    // --- the sales process

    @Test
    void defaultProcessHasSevenStagesWithExitCriteria() {
        JsonNode process = getJson("/api/v1/process");
        assertThat(process.path("version").asInt()).isEqualTo(1);
        assertThat(process.path("enforcement").asText()).isEqualTo("RECORD");
        List<String> stages = new ArrayList<>();
        process.path("stages").forEach(s -> stages.add(s.path("id").asText()));
        assertThat(stages).containsExactly("prospecting", "qualification", "development", "presentation",
                "discussion", "closing", "account-management");
        process.path("stages").forEach(s -> assertThat(s.path("exitCriteria").size()).isGreaterThan(0));
        assertThat(process.path("stages").get(6).path("afterWin").asBoolean()).isTrue();
    }

    @Test
    @Order(Order.DEFAULT + 1)
    void redefiningTheProcessVersionsItAndRejectEnforcementBlocksUnmetAdvances() {
        String strict = "{\"stages\":[{\"id\":\"prospecting\",\"name\":\"Prospecting\",\"probability\":0.1,"
                + "\"exitCriteria\":[{\"id\":\"first-meeting-accepted\",\"description\":\"Buyer accepted a meeting\"}]},"
                + "{\"id\":\"qualification\",\"name\":\"Qualification\",\"probability\":0.3},"
                + "{\"id\":\"account-management\",\"name\":\"Account Management\",\"probability\":1,\"afterWin\":true}],"
                + "\"enforcement\":\"REJECT\"}";
        JsonNode v = putProcess(strict).expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        int version = v.path("version").asInt();
        assertThat(version).isGreaterThan(1);
        assertThat(putProcess(strict).expectStatus().isOk().expectBody(JsonNode.class).returnResult()
                .getResponseBody().path("version").asInt()).isEqualTo(version);
        assertThat(getJson("/api/v1/process?version=1").path("stages").size()).isEqualTo(7);
        // as of a business time before this definition, the default (effective since the epoch) was in force
        assertThat(getJson("/api/v1/process?asOf=2020-01-01").path("version").asInt()).isEqualTo(1);
        assertThat(getJson("/api/v1/process?asOf=" + java.time.Instant.now().plusSeconds(1)).path("version")
                .asInt()).isEqualTo(version);

        post(opened("r1", "R", "2026-03-01T10:00:00Z", "prospecting", "10"));
        JsonNode blocked = problem(web.post().uri("/api/v1/opportunities/R/events")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(stage("r2", "R", "2026-03-02T10:00:00Z", "qualification")), 409);
        assertThat(blocked.path("unmetExitCriteria").toString()).contains("first-meeting-accepted");
        assertCounts(post(array(milestone("r3", "R", "2026-03-02T11:00:00Z", "first-meeting-accepted"),
                stage("r4", "R", "2026-03-02T12:00:00Z", "qualification"))), 2, 0);
        assertThat(stored("R")).extracting(OpportunityEvent::eventId).containsExactly("r1", "r3", "r4");

        // an opportunity opened before the change keeps the process version it was opened under
        assertCounts(post(stage("a-late", "A", "2026-03-04T10:00:00Z", "development")), 1, 0);
    }

    @Test
    @Order(Order.DEFAULT + 2)
    void invalidProcessDefinitionsAreProblemsNamingTheField() {
        assertThat(problem(putProcess("{\"stages\":[]}"), 422).path("field").asText()).isEqualTo("stages");
        assertThat(problem(putProcess("{}"), 400).path("field").asText()).isEqualTo("stages");
        assertThat(problem(putProcess("{\"stages\":[{\"id\":\"a\",\"probability\":2}]}"), 400).path("field")
                .asText()).isEqualTo("stages[0].probability");
        assertThat(problem(putProcess("{\"stages\":[{\"id\":\"a\",\"probability\":0.1},{\"id\":\"a\","
                + "\"probability\":0.2}]}"), 422).path("field").asText()).isEqualTo("stages[1].id");
        assertThat(problem(putProcess("{\"stages\":[{\"id\":\"a\",\"probability\":0.1,\"exitCriteria\":[{\"id\":"
                + "\"m\",\"description\":\"x\",\"evidence\":\"VIBES\"}]}]}"), 400).path("field").asText())
                .isEqualTo("stages[0].exitCriteria[0].evidence");
        assertThat(problem(putProcess("{\"stages\":[{\"id\":\"a b\",\"probability\":0.1}]}"), 400).path("field")
                .asText()).isEqualTo("stages[0].id");
        problem(putProcess("not json"), 400);
        problem(web.get().uri("/api/v1/process?version=999"), 404);
        assertThat(problem(web.get().uri("/api/v1/process?asOf=last-tuesday"), 400).path("field").asText())
                .isEqualTo("asOf");
    }

    @Test
    @Order(Order.DEFAULT + 3)
    void restoringTheDefaultProcessMakesANewVersionEqualToTheFirst() {
        JsonNode first = getJson("/api/v1/process?version=1");
        ((com.fasterxml.jackson.databind.node.ObjectNode) first).remove(List.of("version", "definedAt",
                "recordedAt", "definedBy", "actor", "onBehalfOf"));
        JsonNode restored = putProcess(first.toString()).expectStatus().isOk().expectBody(JsonNode.class)
                .returnResult().getResponseBody();
        assertThat(restored.path("stages")).isEqualTo(first.path("stages"));
        assertThat(getJson("/api/v1/process/versions").size()).isEqualTo(restored.path("version").asInt());
    }

    // --- helpers

    JsonNode post(String json) {
        return web.post().uri("/api/v1/events").contentType(MediaType.APPLICATION_JSON).bodyValue(json)
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    JsonNode postNdjson(String body) {
        return web.post().uri("/api/v1/events").contentType(MediaType.parseMediaType("application/x-ndjson"))
                .bodyValue(body).exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult()
                .getResponseBody();
    }

    WebTestClient.ResponseSpec putProcess(String body) {
        return web.put().uri("/api/v1/process").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    JsonNode getJson(String uri) {
        return web.get().uri(uri).exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult()
                .getResponseBody();
    }

    static JsonNode problem(WebTestClient.RequestHeadersSpec<?> request, int status) {
        return problem(request.exchange(), status);
    }

    static JsonNode problem(WebTestClient.ResponseSpec response, int status) {
        return response.expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    static void assertCounts(JsonNode result, int accepted, int duplicates) {
        assertThat(result.path("accepted").asInt()).as("accepted in %s", result).isEqualTo(accepted);
        assertThat(result.path("duplicates").asInt()).as("duplicates in %s", result).isEqualTo(duplicates);
    }

    static void assertRejected(JsonNode result, int index, int status, String field) {
        JsonNode match = null;
        for (JsonNode r : result.path("rejected")) {
            if (r.path("index").asInt() == index) {
                match = r;
            }
        }
        assertThat(match).as("rejection of index %d in %s", index, result).isNotNull();
        assertThat(match.path("status").asInt()).as("status of %s", match).isEqualTo(status);
        assertThat(match.path("field").asText()).as("field of %s", match).isEqualTo(field);
        assertThat(match.path("error").asText()).isNotBlank();
    }

    List<OpportunityEvent> stored(String opportunityId) {
        return eventStore.readEvents(opportunityId).asStream().map(DomainEventMessage::getPayload)
                .map(OpportunityEvent.class::cast).toList();
    }
}
