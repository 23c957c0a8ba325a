package io.pipelineledger.command.process;

import io.pipelineledger.command.api.CommandRejectedException;
import io.pipelineledger.command.api.DefineSalesProcessCommand;
import io.pipelineledger.events.Actor;
import io.pipelineledger.events.EvidenceKind;
import io.pipelineledger.events.ids.MilestoneId;
import io.pipelineledger.events.ids.StageId;
import io.pipelineledger.events.process.DefaultSalesProcess;
import io.pipelineledger.events.process.Enforcement;
import io.pipelineledger.events.process.ExitCriterion;
import io.pipelineledger.events.process.SalesProcess;
import io.pipelineledger.events.process.SalesProcessDefinedEvent;
import io.pipelineledger.events.process.StageDefinition;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static io.pipelineledger.command.process.SalesProcessAggregate.PROCESS_ID;

/** Versioning of the sales process, and the rules a definition must follow to become a version. */
class SalesProcessAggregateTest {

    private static final Instant DEFINED_AT = Instant.parse("2026-03-01T08:00:00Z");
    private static final Instant LATER = Instant.parse("2026-04-01T08:00:00Z");
    private static final SalesProcess DEFAULT = DefaultSalesProcess.get();
    private static final SalesProcess STRICT = new SalesProcess(DEFAULT.stages(), Enforcement.REJECT);

    private FixtureConfiguration<SalesProcessAggregate> fixture;

    /** Who sent the command, as authenticated; the command records it, apart from whom the client acts for. */
    private static final Actor ADMIN = new Actor(Actor.API_KEY, "admin01", "process admins");

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(SalesProcessAggregate.class);
    }

    @Test
    void theFirstDefinitionIsVersionOne() {
        fixture.givenNoPriorActivity()
                .when(define(DEFAULT, DEFINED_AT))
                .expectEvents(new SalesProcessDefinedEvent("process:v1", PROCESS_ID, DEFINED_AT, 1, DEFAULT,
                        ADMIN, "ops@example.com"))
                .expectResultMessagePayload(1);
    }

    @Test
    void aDifferentDefinitionIsTheNextVersion() {
        fixture.given(defined(1, DEFAULT))
                .when(define(STRICT, LATER))
                .expectEvents(new SalesProcessDefinedEvent("process:v2", PROCESS_ID, LATER, 2, STRICT,
                        ADMIN, "ops@example.com"))
                .expectResultMessagePayload(2);
    }

    @Test
    void theCurrentDefinitionAgainChangesNothingAndAnswersTheCurrentVersion() {
        fixture.given(defined(1, DEFAULT), defined(2, STRICT))
                .when(define(STRICT, LATER))
                .expectNoEvents()
                .expectResultMessagePayload(2);
    }

    @Test
    void anEarlierVersionAgainIsANewVersion() {
        // only the current version is compared: going back is a change too
        fixture.given(defined(1, DEFAULT), defined(2, STRICT))
                .when(define(DEFAULT, LATER))
                .expectEvents(new SalesProcessDefinedEvent("process:v3", PROCESS_ID, LATER, 3, DEFAULT,
                        ADMIN, "ops@example.com"));
    }

    @Test
    void anInvalidDefinitionOfAnExistingProcessRecordsNothing() {
        fixture.given(defined(1, DEFAULT))
                .when(define(new SalesProcess(List.of(), Enforcement.RECORD), LATER))
                .expectNoEvents()
                .expectException(invalid("stages"));
    }

    @Test
    void aProcessWithoutStagesIsInvalid() {
        fixture.givenNoPriorActivity()
                .when(define(new SalesProcess(List.of(), Enforcement.RECORD), DEFINED_AT))
                .expectNoEvents()
                .expectException(invalid("stages"));
    }

    @Test
    void aProcessWithMoreThanTheMaximumOfStagesIsInvalid() {
        List<StageDefinition> stages = IntStream.rangeClosed(0, ProcessRules.MAX_STAGES)
                .mapToObj(i -> stage("s" + i, 0.5, false)).toList();
        fixture.givenNoPriorActivity()
                .when(define(new SalesProcess(stages, Enforcement.RECORD), DEFINED_AT))
                .expectNoEvents()
                .expectException(invalid("stages"));
    }

    @Test
    void aProcessWithTheMaximumOfStagesIsValid() {
        List<StageDefinition> stages = IntStream.range(0, ProcessRules.MAX_STAGES)
                .mapToObj(i -> stage("s" + i, 0.5, false)).toList();
        SalesProcess process = new SalesProcess(stages, Enforcement.RECORD);
        fixture.givenNoPriorActivity()
                .when(define(process, DEFINED_AT))
                .expectEvents(new SalesProcessDefinedEvent("process:v1", PROCESS_ID, DEFINED_AT, 1, process,
                        ADMIN, "ops@example.com"));
    }

    @Test
    void aDuplicateStageIdIsInvalidAtItsSecondPosition() {
        fixture.givenNoPriorActivity()
                .when(define(process(stage("discovery", 0.1, false), stage("discovery", 0.3, false)), DEFINED_AT))
                .expectNoEvents()
                .expectException(invalid("stages[1].id"));
    }

    @Test
    void aMilestoneInTwoStagesIsInvalidWhereItAppearsAgain() {
        fixture.givenNoPriorActivity()
                .when(define(process(stage("a", 0.1, false, "met-buyer"), stage("b", 0.3, false, "demo-held"),
                        stage("c", 0.6, false, "met-buyer")), DEFINED_AT))
                .expectNoEvents()
                .expectException(invalid("stages[2].exitCriteria[0].id"));
    }

    @Test
    void aMilestoneTwiceInOneStageIsInvalid() {
        fixture.givenNoPriorActivity()
                .when(define(process(stage("a", 0.1, false, "met-buyer", "met-buyer")), DEFINED_AT))
                .expectNoEvents()
                .expectException(invalid("stages[0].exitCriteria[1].id"));
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.01, 1.01, Double.NaN, Double.POSITIVE_INFINITY})
    void aProbabilityOutsideZeroToOneIsInvalid(double probability) {
        fixture.givenNoPriorActivity()
                .when(define(process(stage("a", 0.1, false), stage("b", probability, false)), DEFINED_AT))
                .expectNoEvents()
                .expectException(invalid("stages[1].probability"));
    }

    @Test
    void probabilitiesZeroAndOneAreValid() {
        SalesProcess process = process(stage("a", 0.0, false), stage("won", 1.0, true));
        fixture.givenNoPriorActivity()
                .when(define(process, DEFINED_AT))
                .expectEvents(new SalesProcessDefinedEvent("process:v1", PROCESS_ID, DEFINED_AT, 1, process,
                        ADMIN, "ops@example.com"));
    }

    @Test
    void anOpenStageAfterAnAfterWinStageIsInvalid() {
        fixture.givenNoPriorActivity()
                .when(define(process(stage("a", 0.1, false), stage("won", 1.0, true), stage("b", 0.5, false)),
                        DEFINED_AT))
                .expectNoEvents()
                .expectException(invalid("stages[2].afterWin"));
    }

    @Test
    void onlyAfterWinStagesIsInvalid() {
        fixture.givenNoPriorActivity()
                .when(define(process(stage("won", 1.0, true), stage("renewal", 1.0, true)), DEFINED_AT))
                .expectNoEvents()
                .expectException(invalid("stages"));
    }

    // --- helpers

    private static DefineSalesProcessCommand define(SalesProcess process, Instant at) {
        return new DefineSalesProcessCommand(PROCESS_ID, process, at, ADMIN, "ops@example.com");
    }

    private static SalesProcessDefinedEvent defined(int version, SalesProcess process) {
        return new SalesProcessDefinedEvent("process:v" + version, PROCESS_ID, DEFINED_AT, version, process,
                ADMIN, "ops@example.com");
    }

    private static SalesProcess process(StageDefinition... stages) {
        return new SalesProcess(List.of(stages), Enforcement.RECORD);
    }

    private static StageDefinition stage(String id, double probability, boolean afterWin, String... milestones) {
        List<ExitCriterion> criteria = new ArrayList<>();
        for (String milestone : milestones) {
            criteria.add(new ExitCriterion(MilestoneId.of(milestone), milestone, true, EvidenceKind.BUYER_ACTION,
                    "sales"));
        }
        return new StageDefinition(StageId.of(id), id, probability, afterWin, criteria);
    }

    /** A 422 naming the field path of the definition at fault. */
    private static Matcher<CommandRejectedException> invalid(String field) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(CommandRejectedException e) {
                return e.status() == 422 && field.equals(e.field());
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("rejection 422 of field " + field);
            }

            @Override
            protected void describeMismatchSafely(CommandRejectedException e, Description description) {
                description.appendText("was " + e.status() + " of field " + e.field() + ": " + e.getMessage());
            }
        };
    }
}
