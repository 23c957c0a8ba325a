package io.pipelineledger.command.opportunity;

import io.pipelineledger.command.api.ChangeStageCommand;
import io.pipelineledger.command.api.CommandRejectedException;
import io.pipelineledger.command.api.LoseOpportunityCommand;
import io.pipelineledger.command.api.OpenOpportunityCommand;
import io.pipelineledger.command.api.ReassignOwnerCommand;
import io.pipelineledger.command.api.RecordMilestoneCommand;
import io.pipelineledger.command.api.ReopenOpportunityCommand;
import io.pipelineledger.command.api.ReviseAmountCommand;
import io.pipelineledger.command.api.ReviseCloseDateCommand;
import io.pipelineledger.command.api.SetForecastCategoryCommand;
import io.pipelineledger.command.api.WinOpportunityCommand;
import io.pipelineledger.command.process.ProcessCatalog;
import io.pipelineledger.command.process.VersionedProcess;
import io.pipelineledger.events.AmountRevisedEvent;
import io.pipelineledger.events.CloseDateRevisedEvent;
import io.pipelineledger.events.ForecastCategorySetEvent;
import io.pipelineledger.events.MilestoneAchievedEvent;
import io.pipelineledger.events.Money;
import io.pipelineledger.events.OpportunityLostEvent;
import io.pipelineledger.events.OpportunityOpenedEvent;
import io.pipelineledger.events.OpportunityReopenedEvent;
import io.pipelineledger.events.OpportunityWonEvent;
import io.pipelineledger.events.OwnerReassignedEvent;
import io.pipelineledger.events.StageChangedEvent;
import io.pipelineledger.events.ids.MilestoneId;
import io.pipelineledger.events.ids.OpportunityId;
import io.pipelineledger.events.ids.RegionId;
import io.pipelineledger.events.ids.RepId;
import io.pipelineledger.events.ids.StageId;
import io.pipelineledger.events.ids.TeamId;
import io.pipelineledger.events.process.Enforcement;
import io.pipelineledger.events.process.ExitCriterion;
import io.pipelineledger.events.process.SalesProcess;
import io.pipelineledger.events.process.StageDefinition;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static io.pipelineledger.command.api.CommandRejectedException.conflict;
import static io.pipelineledger.command.api.CommandRejectedException.invalid;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One deal, under the process version it was opened with. It checks every CRM fact against what it has recorded
 * and against the process, classifies stage moves by the exit criteria met at the move's business time, and
 * records the fact, or refuses it without recording anything. Facts may arrive late (backfill): they are judged
 * as of the time they occurred. A closed deal accepts only facts from before its close, and reopening.
 */
@Aggregate(cache = "opportunityCache", commandTargetResolver = "ledgerCommandTargetResolver")
public class Opportunity {

    private enum Status { OPEN, WON, LOST }

    private record Owner(RepId rep, TeamId team, RegionId region) {
    }

    /** A business-time span in which the deal was won or lost: [from, until), open-ended while still closed. */
    private record ClosedPeriod(Status status, Instant from, Instant until) {

        boolean contains(Instant at) {
            return !at.isBefore(from) && (until == null || at.isBefore(until));
        }
    }

    @AggregateIdentifier
    private OpportunityId opportunityId;
    private int processVersion;
    private Instant openedAt;
    private Instant latestFactAt;
    private Status status;
    private Instant closedAt;
    /** Every close so far, in order: reopening ends a period but does not make facts from within it acceptable. */
    private final List<ClosedPeriod> closedPeriods = new ArrayList<>();
    private final StageTimeline stages = new StageTimeline();
    /** Earliest verified achievement of each milestone. */
    private final Map<MilestoneId, Instant> verifiedMilestones = new HashMap<>();
    private Latest<Money> amount;
    private Latest<LocalDate> expectedCloseDate;
    private Latest<Owner> owner;

    public Opportunity() {
        // for Axon: create-if-missing and event sourcing start from an empty deal
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(OpenOpportunityCommand command, ProcessCatalog catalog) throws CommandRejectedException {
        if (openedAt != null) {
            throw conflict("opportunityId", "opportunity " + command.opportunityId()
                    + " is already in the ledger (opened at " + openedAt + ")");
        }
        VersionedProcess process = catalog.current();
        StageDefinition stage = openStage(process.process(), command.stage(), "stage");
        apply(new OpportunityOpenedEvent(command.eventId(), command.opportunityId(), command.occurredAt(),
                command.repId(), command.teamId(), command.regionId(), command.accountId(), stage.id(),
                command.amount(), command.expectedCloseDate(), command.source(), process.version()));
    }

    @CommandHandler
    public void handle(RecordMilestoneCommand command, ProcessCatalog catalog) throws CommandRejectedException {
        requireOpened();
        SalesProcess process = process(catalog);
        ExitCriterion criterion = process.criterion(command.milestoneId()).orElseThrow(() -> invalid("milestoneId",
                "milestone '" + command.milestoneId() + "' is not an exit criterion of sales process version "
                        + processVersion));
        StageDefinition stage = process.stageOfMilestone(command.milestoneId()).orElseThrow();
        if (stage.afterWin()) {
            requireWonAt(command.occurredAt(), command.milestoneId());
        } else {
            requireAcceptsFactAt(command.occurredAt());
        }
        apply(new MilestoneAchievedEvent(command.eventId(), opportunityId, command.occurredAt(),
                command.milestoneId(), stage.id(), command.evidence(), command.actor(),
                command.evidence().kind().satisfies(criterion.evidence())));
    }

    @CommandHandler
    public void handle(ChangeStageCommand command, ProcessCatalog catalog) throws CommandRejectedException {
        Instant at = command.occurredAt();
        requireAcceptsFactAt(at);
        SalesProcess process = process(catalog);
        StageDefinition to = openStage(process, command.toStage(), "toStage");
        StageId from = stages.stageAt(at);
        if (from.equals(to.id())) {
            throw conflict("toStage", "opportunity is already in stage '" + from + "' at " + at);
        }
        StageMove move = StageMove.between(process, process.indexOf(from), process.indexOf(to.id()), metBy(at));
        enforce(process, move, "toStage");
        apply(new StageChangedEvent(command.eventId(), opportunityId, at, from, to.id(), move.kind(),
                move.skippedStages(), move.unmetExitCriteria()));
    }

    @CommandHandler
    public void handle(ReviseAmountCommand command) throws CommandRejectedException {
        requireAcceptsFactAt(command.occurredAt());
        apply(new AmountRevisedEvent(command.eventId(), opportunityId, command.occurredAt(), amount.value(),
                amount.value().withValue(command.amount())));
    }

    @CommandHandler
    public void handle(ReviseCloseDateCommand command) throws CommandRejectedException {
        requireAcceptsFactAt(command.occurredAt());
        apply(new CloseDateRevisedEvent(command.eventId(), opportunityId, command.occurredAt(),
                expectedCloseDate.value(), command.expectedCloseDate()));
    }

    /** Team and region not given stay as they were. */
    @CommandHandler
    public void handle(ReassignOwnerCommand command) throws CommandRejectedException {
        requireAcceptsFactAt(command.occurredAt());
        Owner was = owner.value();
        apply(new OwnerReassignedEvent(command.eventId(), opportunityId, command.occurredAt(), was.rep(),
                command.repId(), command.teamId() != null ? command.teamId() : was.team(),
                command.regionId() != null ? command.regionId() : was.region()));
    }

    @CommandHandler
    public void handle(SetForecastCategoryCommand command) throws CommandRejectedException {
        requireAcceptsFactAt(command.occurredAt());
        apply(new ForecastCategorySetEvent(command.eventId(), opportunityId, command.occurredAt(),
                command.category()));
    }

    @CommandHandler
    public void handle(WinOpportunityCommand command, ProcessCatalog catalog) throws CommandRejectedException {
        requireOpen("OpportunityWon");
        requireLatest(command.occurredAt());
        SalesProcess process = process(catalog);
        StageId from = stages.current();
        StageId to = process.wonStage().map(StageDefinition::id).orElse(null);
        int toIndex = to == null ? process.stages().size() : process.indexOf(to);
        StageMove move = StageMove.between(process, process.indexOf(from), toIndex, metBy(command.occurredAt()));
        enforce(process, move, "type");
        Money finalAmount = command.amount() == null ? amount.value() : amount.value().withValue(command.amount());
        apply(new OpportunityWonEvent(command.eventId(), opportunityId, command.occurredAt(), finalAmount, from, to,
                move.skippedStages(), move.unmetExitCriteria()));
    }

    @CommandHandler
    public void handle(LoseOpportunityCommand command) throws CommandRejectedException {
        requireOpen("OpportunityLost");
        requireLatest(command.occurredAt());
        apply(new OpportunityLostEvent(command.eventId(), opportunityId, command.occurredAt(), command.reason(),
                stages.current()));
    }

    @CommandHandler
    public void handle(ReopenOpportunityCommand command, ProcessCatalog catalog) throws CommandRejectedException {
        requireOpened();
        if (status == Status.OPEN) {
            throw conflict("type", "opportunity " + opportunityId + " is open; only a closed one can be reopened");
        }
        requireLatest(command.occurredAt());
        StageDefinition stage = openStage(process(catalog), command.stage(), "stage");
        apply(new OpportunityReopenedEvent(command.eventId(), opportunityId, command.occurredAt(), stage.id(),
                stages.current(), status == Status.WON));
    }

    // --- validation helpers: they only read state and throw

    private SalesProcess process(ProcessCatalog catalog) {
        return catalog.version(processVersion).orElseThrow(() -> new IllegalStateException(
                "sales process version " + processVersion + " is not in the catalog")).process();
    }

    private static StageDefinition openStage(SalesProcess process, StageId stage, String field)
            throws CommandRejectedException {
        StageDefinition found = process.stage(stage).orElseThrow(() -> invalid(field,
                "stage '" + stage + "' is not a stage of the sales process"));
        if (found.afterWin()) {
            throw invalid(field, "stage '" + stage + "' is reached by winning the deal: post OpportunityWon");
        }
        return found;
    }

    /** An aggregate whose opening was refused earlier in the same batch exists in memory but was never opened. */
    private void requireOpened() throws CommandRejectedException {
        if (openedAt == null) {
            throw new CommandRejectedException(404, "opportunityId",
                    "opportunity is not in the ledger: its OpportunityOpened must come first");
        }
    }

    private void requireAcceptsFactAt(Instant at) throws CommandRejectedException {
        requireOpened();
        if (at.isBefore(openedAt)) {
            throw invalid("occurredAt", "occurredAt " + at + " is before the opportunity was opened (" + openedAt + ")");
        }
        for (ClosedPeriod period : closedPeriods) {
            if (period.contains(at)) {
                throw conflict("opportunityId", "opportunity " + opportunityId + " was "
                        + period.status().name().toLowerCase() + " at " + period.from() + (period.until() == null
                        ? "; after that only OpportunityReopened is accepted"
                        : " until it was reopened at " + period.until() + "; facts from that period are refused"));
            }
        }
    }

    /** Milestones of the after-win stage (kickoff, first payment) happen while the deal stands won. */
    private void requireWonAt(Instant at, MilestoneId milestone) throws CommandRejectedException {
        boolean won = closedPeriods.stream().anyMatch(p -> p.status() == Status.WON && p.contains(at));
        if (!won) {
            throw conflict("milestoneId", "milestone '" + milestone + "' belongs to the after-win stage: it can be "
                    + "recorded only for a time when the opportunity stands won");
        }
    }

    private void requireOpen(String type) throws CommandRejectedException {
        requireOpened();
        if (status != Status.OPEN) {
            throw conflict("type", type + " refused: opportunity " + opportunityId + " is already "
                    + status.name().toLowerCase() + " (at " + closedAt + ")");
        }
    }

    /** Closing and reopening change what every later fact means, so they may not be backfilled. */
    private void requireLatest(Instant at) throws CommandRejectedException {
        if (at.isBefore(latestFactAt)) {
            throw invalid("occurredAt", "closing or reopening must be the latest fact of the opportunity, "
                    + "but a fact at " + latestFactAt + " is already recorded");
        }
    }

    private Predicate<MilestoneId> metBy(Instant at) {
        return milestone -> {
            Instant achieved = verifiedMilestones.get(milestone);
            return achieved != null && !achieved.isAfter(at);
        };
    }

    private static void enforce(SalesProcess process, StageMove move, String field)
            throws CommandRejectedException {
        if (process.enforcement() == Enforcement.REJECT
                && !move.unmetExitCriteria().isEmpty()) {
            throw new CommandRejectedException(409, field, "the sales process rejects advances with unmet required "
                    + "exit criteria: " + move.unmetExitCriteria(), move.unmetExitCriteria());
        }
    }

    // --- event sourcing: state only

    @EventSourcingHandler
    void on(OpportunityOpenedEvent event) {
        opportunityId = event.opportunityId();
        processVersion = event.processVersion();
        openedAt = event.occurredAt();
        latestFactAt = event.occurredAt();
        status = Status.OPEN;
        stages.enter(event.occurredAt(), event.stage());
        amount = new Latest<>(event.amount(), event.occurredAt());
        expectedCloseDate = new Latest<>(event.expectedCloseDate(), event.occurredAt());
        owner = new Latest<>(new Owner(event.repId(), event.teamId(), event.regionId()), event.occurredAt());
    }

    @EventSourcingHandler
    void on(MilestoneAchievedEvent event) {
        seen(event.occurredAt());
        if (event.verified()) {
            verifiedMilestones.merge(event.milestoneId(), event.occurredAt(), (a, b) -> a.isBefore(b) ? a : b);
        }
    }

    @EventSourcingHandler
    void on(StageChangedEvent event) {
        seen(event.occurredAt());
        stages.enter(event.occurredAt(), event.toStage());
    }

    @EventSourcingHandler
    void on(AmountRevisedEvent event) {
        seen(event.occurredAt());
        amount.offer(event.amount(), event.occurredAt());
    }

    @EventSourcingHandler
    void on(CloseDateRevisedEvent event) {
        seen(event.occurredAt());
        expectedCloseDate.offer(event.expectedCloseDate(), event.occurredAt());
    }

    @EventSourcingHandler
    void on(OwnerReassignedEvent event) {
        seen(event.occurredAt());
        owner.offer(new Owner(event.repId(), event.teamId(), event.regionId()), event.occurredAt());
    }

    @EventSourcingHandler
    void on(ForecastCategorySetEvent event) {
        seen(event.occurredAt());
    }

    @EventSourcingHandler
    void on(OpportunityWonEvent event) {
        seen(event.occurredAt());
        status = Status.WON;
        closedAt = event.occurredAt();
        closedPeriods.add(new ClosedPeriod(status, closedAt, null));
        amount.offer(event.amount(), event.occurredAt());
        if (event.toStage() != null) {
            stages.enter(event.occurredAt(), event.toStage());
        }
    }

    @EventSourcingHandler
    void on(OpportunityLostEvent event) {
        seen(event.occurredAt());
        status = Status.LOST;
        closedAt = event.occurredAt();
        closedPeriods.add(new ClosedPeriod(status, closedAt, null));
    }

    @EventSourcingHandler
    void on(OpportunityReopenedEvent event) {
        seen(event.occurredAt());
        status = Status.OPEN;
        closedAt = null;
        if (!closedPeriods.isEmpty()) {
            ClosedPeriod last = closedPeriods.remove(closedPeriods.size() - 1);
            closedPeriods.add(new ClosedPeriod(last.status(), last.from(), event.occurredAt()));
        }
        stages.enter(event.occurredAt(), event.stage());
    }

    private void seen(Instant at) {
        if (at.isAfter(latestFactAt)) {
            latestFactAt = at;
        }
    }
}
