package io.pipelineledger.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pipelineledger.events.ids.AccountId;
import io.pipelineledger.events.ids.MilestoneId;
import io.pipelineledger.events.ids.OpportunityId;
import io.pipelineledger.events.ids.RegionId;
import io.pipelineledger.events.ids.RepId;
import io.pipelineledger.events.ids.StageId;
import io.pipelineledger.events.ids.TeamId;
import io.pipelineledger.events.money.ExchangeRateSetEvent;
import io.pipelineledger.events.process.DefaultSalesProcess;
import io.pipelineledger.events.process.Enforcement;
import io.pipelineledger.events.process.ExitCriterion;
import io.pipelineledger.events.process.SalesProcess;
import io.pipelineledger.events.process.SalesProcessDefinedEvent;
import io.pipelineledger.events.process.StageDefinition;
import org.axonframework.serialization.Revision;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins the stored JSON of every event to the hand-written golden files under {@code contract/}, which document the
 * stable form (shared-events/EVENTS.md shows the same examples). A failure here means stored events or their
 * readers would change: update the golden file only together with a revision bump and an upcaster.
 */
class EventJsonContractTest {

    private static final ObjectMapper MAPPER = EventJson.mapper();
    /** A plain mapper only to parse both sides into trees: the comparison must not depend on the code under test. */
    private static final ObjectMapper TREES = new ObjectMapper();

    private static final Pattern JSON_BLOCK = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL);

    private static final OpportunityId OPP_1 = OpportunityId.of("OPP-1");
    private static final OpportunityId OPP_2 = OpportunityId.of("OPP-2");

    /** One fully populated example per event type; the golden file is named after the class. */
    static final List<LedgerEvent> EXAMPLES = List.of(
            new OpportunityOpenedEvent("crm-1001", OPP_1, at("2026-03-01T10:00:00Z"), RepId.of("rep-1"),
                    TeamId.of("team-emea-east"), RegionId.of("emea"), AccountId.of("ACME-42"),
                    StageId.of("qualification"), Money.of("50000", "EUR"), LocalDate.parse("2026-12-31"),
                    "inbound", 1),
            new MilestoneAchievedEvent("crm-1002", OPP_1, at("2026-03-02T09:30:00Z"),
                    MilestoneId.of("budget-confirmed"), StageId.of("qualification"),
                    new Evidence(EvidenceKind.DOCUMENT, "mail-42", "cfo@buyer.example"), "rep-1", true),
            new StageChangedEvent("crm-1003", OPP_1, at("2026-03-10T14:15:00Z"), StageId.of("qualification"),
                    StageId.of("presentation"), StageChangeKind.SKIPPED, List.of(StageId.of("development")),
                    List.of(MilestoneId.of("discovery-completed"), MilestoneId.of("mutual-plan-agreed"))),
            new AmountRevisedEvent("crm-1004", OPP_1, at("2026-03-20T16:00:00Z"), Money.of("50000", "EUR"),
                    Money.of("62500.5", "EUR")),
            new CloseDateRevisedEvent("crm-1005", OPP_1, at("2026-04-01T08:00:00Z"), LocalDate.parse("2026-12-31"),
                    LocalDate.parse("2027-01-31")),
            new OwnerReassignedEvent("crm-1006", OPP_1, at("2026-04-02T11:00:00Z"), RepId.of("rep-1"),
                    RepId.of("rep-2"), TeamId.of("team-dach"), RegionId.of("emea")),
            new ForecastCategorySetEvent("crm-1007", OPP_1, at("2026-05-04T09:00:00Z"), ForecastCategory.COMMIT),
            new OpportunityWonEvent("crm-1008", OPP_1, at("2026-06-30T17:45:00Z"), Money.of("62500.5", "EUR"),
                    StageId.of("discussion"), StageId.of("account-management"), List.of(StageId.of("closing")),
                    List.of(MilestoneId.of("terms-agreed"), MilestoneId.of("contract-signed"))),
            new OpportunityLostEvent("crm-2001", OPP_2, at("2026-05-15T12:00:00Z"), "Chose a competitor",
                    StageId.of("presentation")),
            new OpportunityReopenedEvent("crm-2002", OPP_2, at("2026-07-01T09:00:00Z"), StageId.of("discussion"),
                    StageId.of("presentation"), false),
            new SalesProcessDefinedEvent("process:v2", "sales-process", at("2026-02-01T08:00:00Z"), 2,
                    twoStageProcess(), new Actor(Actor.API_KEY, "5f6t92nw", "process admins"),
                    "admin@seller.example"),
            new ForecastSubmittedEvent("submission:emea-2026-Q4-w47", "emea-2026-Q4-w47", at("2026-11-20T16:00:00Z"),
                    "2026-Q4", "region", "emea", "learned", at("2026-11-20T16:00:00Z"), "vp.emea@seller.example",
                    "two renewals slip to January", new java.math.BigDecimal("1250000"),
                    new java.math.BigDecimal("410500"), new java.math.BigDecimal("1402311.27"),
                    new java.math.BigDecimal("1190200"), new java.math.BigDecimal("1398000"),
                    new java.math.BigDecimal("1618400.5"), new java.math.BigDecimal("1120500"),
                    new java.math.BigDecimal("1544000"), new java.math.BigDecimal("2210300.25"),
                    "learned-markov-1", at("2026-11-20T15:58:12Z"),
                    new Actor(Actor.API_KEY, "k7emea01", "emea leadership"), "USD"),
            new ExchangeRateSetEvent("rate:EUR:2026-01-01:1", ExchangeRateSetEvent.TABLE_ID,
                    at("2026-01-02T09:00:00Z"), "EUR", LocalDate.parse("2026-01-01"), new BigDecimal("1.0834"),
                    "USD", new Actor(Actor.API_KEY, "f1nance7", "finance"), "controller@seller.example"));

    static Stream<Named<LedgerEvent>> examples() {
        return EXAMPLES.stream().map(event -> Named.of(event.getClass().getSimpleName(), event));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void serializesToTheGoldenJson(LedgerEvent event) throws IOException {
        JsonNode written = TREES.readTree(MAPPER.writeValueAsString(event));

        assertThat(written).as("stored JSON of %s", event.getClass().getSimpleName())
                .isEqualTo(golden(event.getClass()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void readsTheGoldenJsonBack(LedgerEvent event) throws IOException {
        assertThat(MAPPER.treeToValue(golden(event.getClass()), event.getClass())).isEqualTo(event);
    }

    /** Older readers must tolerate events written by newer code: extra fields, at any depth, are ignored. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void ignoresUnknownFieldsOnRead(LedgerEvent event) throws IOException {
        JsonNode newer = golden(event.getClass());
        int added = addUnknownFields(newer);

        assertThat(added).isGreaterThan(0);
        assertThat(MAPPER.treeToValue(newer, event.getClass())).isEqualTo(event);
    }

    /** A new event type must come with a golden file and an example here, or it escapes the contract. */
    @Test
    void everyEventTypeHasAnExample() throws Exception {
        Set<Class<?>> covered = EXAMPLES.stream().map(Object::getClass).collect(Collectors.toSet());

        assertThat(covered).containsExactlyInAnyOrderElementsOf(eventClasses());
        for (Class<?> type : covered) {
            assertThat(EventJsonContractTest.class.getResource(goldenPath(type))).as(goldenPath(type)).isNotNull();
        }
    }

    /** Axon stores the revision next to each payload; upcasters key on it, so it must be explicit and deliberate. */
    @Test
    void everyEventTypeCarriesItsRevision() throws Exception {
        Map<Class<?>, String> expected = eventClasses().stream().collect(Collectors.toMap(type -> type,
                type -> type == MilestoneAchievedEvent.class || type == SalesProcessDefinedEvent.class ? "2" : "1"));

        for (Class<?> type : eventClasses()) {
            Revision revision = type.getAnnotation(Revision.class);
            assertThat(revision).as("@Revision on %s", type.getSimpleName()).isNotNull();
            assertThat(revision.value()).as("revision of %s", type.getSimpleName()).isEqualTo(expected.get(type));
        }
    }

    @Test
    void axonSeesMilestoneAchievedAsRevision2() {
        JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(EventJson.mapper()).build();

        assertThat(serializer.typeForClass(MilestoneAchievedEvent.class).getRevision()).isEqualTo("2");
    }

    @Test
    void omitsAbsentOptionalFields() {
        OpportunityOpenedEvent opened = new OpportunityOpenedEvent("crm-1", OPP_1, at("2026-03-01T10:00:00Z"),
                RepId.of("rep-1"), null, null, null, StageId.of("prospecting"), Money.of("0", "USD"), null, null, 1);
        MilestoneAchievedEvent milestone = new MilestoneAchievedEvent("crm-2", OPP_1, at("2026-03-01T10:00:00Z"),
                MilestoneId.of("icp-fit-checked"), StageId.of("prospecting"),
                new Evidence(EvidenceKind.SELLER_ASSERTION, null, null), null, false);

        assertThat(fieldNames(MAPPER.valueToTree(opened))).containsExactlyInAnyOrder("eventId", "opportunityId",
                "occurredAt", "repId", "stage", "amount", "processVersion");
        JsonNode milestoneJson = MAPPER.valueToTree(milestone);
        assertThat(fieldNames(milestoneJson)).doesNotContain("actor").contains("verified");
        assertThat(fieldNames(milestoneJson.get("evidence"))).containsExactly("kind");
    }

    /** Business times order facts; sub-second precision must survive storage. */
    @Test
    void keepsSubSecondBusinessTime() throws IOException {
        ForecastCategorySetEvent event = new ForecastCategorySetEvent("crm-1", OPP_1,
                at("2026-03-01T10:00:00.123456Z"), ForecastCategory.PIPELINE);

        String json = MAPPER.writeValueAsString(event);

        assertThat(TREES.readTree(json).get("occurredAt").asText()).isEqualTo("2026-03-01T10:00:00.123456Z");
        assertThat(MAPPER.readValue(json, ForecastCategorySetEvent.class)).isEqualTo(event);
    }

    /** Submissions recorded before the ledger kept the actor read back with none (an optional field, revision 1). */
    @Test
    void aSubmissionWithoutActorReadsWithNone() throws IOException {
        ObjectNode older = (ObjectNode) golden(ForecastSubmittedEvent.class);
        older.remove("actor");

        ForecastSubmittedEvent read = MAPPER.treeToValue(older, ForecastSubmittedEvent.class);

        assertThat(read.actor()).isNull();
        assertThat(read.submittedBy()).isEqualTo("vp.emea@seller.example");
    }

    /** Version 1 of every ledger is the default process: its stored form must read back equal (the aggregate compares). */
    @Test
    void defaultProcessRoundTrips() throws IOException {
        SalesProcessDefinedEvent v1 = new SalesProcessDefinedEvent("process:v1", "sales-process", Instant.EPOCH, 1,
                DefaultSalesProcess.get(), Actor.LEDGER_DEFAULT, null);

        assertThat(MAPPER.readValue(MAPPER.writeValueAsBytes(v1), SalesProcessDefinedEvent.class)).isEqualTo(v1);
    }

    /** EVENTS.md is what readers of the store go by: its example of each event must be the golden file. */
    @Test
    void eventsMdShowsEveryGoldenFile() throws IOException {
        List<JsonNode> documented = jsonBlocks(Files.readString(Path.of("EVENTS.md")));

        for (LedgerEvent event : EXAMPLES) {
            assertThat(documented).as("EVENTS.md example of %s", event.getClass().getSimpleName())
                    .contains(golden(event.getClass()));
        }
    }

    /**
     * Amounts are exact decimals (up to 1e15 with 6 decimals), also when read through a tree: the ingestion parses
     * CRM bodies into trees and Axon upcasts through them, and a double holds only about 16 significant digits.
     */
    @Test
    void readsAmountsExactlyAlsoThroughATree() throws IOException {
        String json = "{\"value\":123456789012.123456,\"currency\":\"USD\"}";
        BigDecimal exact = new BigDecimal("123456789012.123456");

        assertThat(MAPPER.readValue(json, Money.class).value()).isEqualTo(exact);
        assertThat(MAPPER.readTree(json).get("value").decimalValue()).isEqualTo(exact);
        assertThat(MAPPER.treeToValue(MAPPER.readTree(json), Money.class).value()).isEqualTo(exact);
    }

    // --- helpers

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    private static SalesProcess twoStageProcess() {
        return new SalesProcess(List.of(
                new StageDefinition(StageId.of("qualification"), "Qualification", 0.2, false, List.of(
                        new ExitCriterion(MilestoneId.of("budget-confirmed"), "Buyer confirmed budget in writing",
                                true, EvidenceKind.DOCUMENT, "sales"),
                        new ExitCriterion(MilestoneId.of("icp-fit-checked"),
                                "Account checked against the ideal customer profile", false,
                                EvidenceKind.SELLER_ASSERTION, null))),
                new StageDefinition(StageId.of("account-management"), "Account Management", 1.0, true, List.of())),
                Enforcement.REJECT);
    }

    private static String goldenPath(Class<?> type) {
        return "/contract/" + type.getSimpleName() + ".json";
    }

    private static JsonNode golden(Class<?> type) throws IOException {
        try (InputStream in = EventJsonContractTest.class.getResourceAsStream(goldenPath(type))) {
            assertThat(in).as("golden file %s", goldenPath(type)).isNotNull();
            return TREES.readTree(in);
        }
    }

    /** Adds a field no reader knows to every object in the tree; returns how many objects got one. */
    private static int addUnknownFields(JsonNode node) {
        int added = 0;
        for (JsonNode child : node) {
            added += addUnknownFields(child);
        }
        if (node instanceof ObjectNode object) {
            object.putObject("addedInALaterRevision").put("nested", true);
            added++;
        }
        return added;
    }

    /** Every ```json block of a markdown text, parsed: a block that is not JSON fails the test. */
    private static List<JsonNode> jsonBlocks(String markdown) throws IOException {
        List<JsonNode> blocks = new ArrayList<>();
        Matcher block = JSON_BLOCK.matcher(markdown);
        while (block.find()) {
            blocks.add(TREES.readTree(block.group(1)));
        }
        return blocks;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        Iterator<String> it = node.fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }

    /** The concrete event classes compiled into this module, found on disk so none can be forgotten. */
    private static List<Class<?>> eventClasses() throws Exception {
        Path root = Path.of(LedgerEvent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(root).isDirectory();
        try (Stream<Path> files = Files.walk(root)) {
            List<Class<?>> found = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".");
                Class<?> type = Class.forName(name.substring(0, name.length() - ".class".length()));
                if (LedgerEvent.class.isAssignableFrom(type) && !type.isInterface()) {
                    found.add(type);
                }
            }
            return found;
        }
    }
}
