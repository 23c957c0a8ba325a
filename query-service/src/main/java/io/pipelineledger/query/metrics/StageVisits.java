package io.pipelineledger.query.metrics;

import io.pipelineledger.events.LedgerEvent;
import io.pipelineledger.events.MilestoneAchievedEvent;
import io.pipelineledger.events.OpportunityEvent;
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
import io.pipelineledger.events.process.ExitCriterion;
import io.pipelineledger.events.process.SalesProcess;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A deal's stage visits as of a business time, from its facts. Facts are taken in business-time order (ties in
 * arrival order) and only those that occurred before {@code asOf} count, so a fact backfilled later changes the
 * past exactly where it belongs. A visit belongs to whoever owned the deal when it was entered: a reassignment
 * moves the deal's later visits, not the earlier ones. Moves are classified by the process's stage order.
 */
public final class StageVisits {

    private StageVisits() {
    }

    public static List<StageVisit> asOf(List<? extends OpportunityEvent> facts, Instant asOf, SalesProcess process) {
        List<OpportunityEvent> ordered = facts.stream().filter(f -> f.occurredAt().isBefore(asOf))
                .sorted(Comparator.comparing(LedgerEvent::occurredAt)).map(OpportunityEvent.class::cast).toList();
        return new Walk(process).run(ordered);
    }

    /** Walks the facts once, keeping the open visit and the visits of the current run (until won or lost). */
    private static final class Walk {
        private final SalesProcess process;
        private final List<Open> done = new ArrayList<>();
        /** Earliest verified achievement of each milestone. */
        private final Map<MilestoneId, Instant> verified = new HashMap<>();
        private final List<Open> run = new ArrayList<>();
        private OpportunityId opportunity;
        private Open current;
        /** After a win the deal sits in the after-win stage: that run's outcome is already won. */
        private boolean standsWon;
        private Instant wonAt;
        private RepId rep;
        private TeamId team;
        private RegionId region;

        /** A visit whose exit or outcome is not known yet. */
        private static final class Open {
            StageId stage;
            Instant enteredAt;
            Instant exitedAt;
            StageVisit.Exit exit;
            /** Where a forward exit went (position in the process), to judge the criteria it left behind. */
            int forwardTo = -1;
            StageVisit.Outcome outcome;
            Instant outcomeAt;
            Instant runStartedAt;
            RepId rep;
            TeamId team;
            RegionId region;
        }

        Walk(SalesProcess process) {
            this.process = process;
        }

        List<StageVisit> run(List<OpportunityEvent> facts) {
            for (OpportunityEvent fact : facts) {
                if (fact instanceof OpportunityOpenedEvent opened) {
                    opportunity = opened.opportunityId();
                    rep = opened.repId();
                    team = opened.teamId();
                    region = opened.regionId();
                    enter(opened.stage(), opened.occurredAt());
                } else if (fact instanceof OwnerReassignedEvent reassigned) {
                    rep = reassigned.repId();
                    team = reassigned.teamId();
                    region = reassigned.regionId();
                } else if (fact instanceof MilestoneAchievedEvent milestone && milestone.verified()) {
                    verified.merge(milestone.milestoneId(), milestone.occurredAt(), (a, b) -> a.isBefore(b) ? a : b);
                } else if (fact instanceof StageChangedEvent changed && current != null) {
                    current.forwardTo = process.indexOf(changed.toStage());
                    leave(changed.occurredAt(), classify(current.stage, changed.toStage()));
                    enter(changed.toStage(), changed.occurredAt());
                } else if (fact instanceof OpportunityWonEvent won && current != null) {
                    current.forwardTo = won.toStage() == null ? process.stages().size()
                            : process.indexOf(won.toStage());
                    leave(won.occurredAt(), StageVisit.Exit.WON);
                    finishRun(StageVisit.Outcome.WON, won.occurredAt());
                    if (won.toStage() != null) {
                        enter(won.toStage(), won.occurredAt());
                        standsWon = true;
                        wonAt = won.occurredAt();
                    }
                } else if (fact instanceof OpportunityLostEvent lost && current != null) {
                    leave(lost.occurredAt(), StageVisit.Exit.LOST);
                    finishRun(StageVisit.Outcome.LOST, lost.occurredAt());
                } else if (fact instanceof OpportunityReopenedEvent reopened) {
                    if (current != null) {
                        leave(reopened.occurredAt(), StageVisit.Exit.MOVED_BACKWARD);
                        finishRun(StageVisit.Outcome.WON, wonAt);
                    }
                    standsWon = false;
                    enter(reopened.stage(), reopened.occurredAt());
                }
            }
            finishRun(standsWon ? StageVisit.Outcome.WON : StageVisit.Outcome.OPEN, standsWon ? wonAt : null);
            List<StageVisit> visits = new ArrayList<>(done.size());
            for (Open visit : done) {
                visits.add(new StageVisit(opportunity, visit.stage, visit.enteredAt, visit.exitedAt, visit.exit,
                        unmetRequired(visit), visit.outcome, visit.outcomeAt, visit.runStartedAt, visit.rep, visit.team,
                        visit.region));
            }
            return visits;
        }

        private StageVisit.Exit classify(StageId from, StageId to) {
            int fromIndex = process.indexOf(from);
            int toIndex = process.indexOf(to);
            if (toIndex < fromIndex) {
                return StageVisit.Exit.MOVED_BACKWARD;
            }
            return toIndex == fromIndex + 1 ? StageVisit.Exit.ADVANCED : StageVisit.Exit.SKIPPED;
        }

        private void enter(StageId stage, Instant at) {
            Open visit = new Open();
            visit.stage = stage;
            visit.enteredAt = at;
            visit.runStartedAt = run.isEmpty() ? at : run.get(0).enteredAt;
            visit.rep = rep;
            visit.team = team;
            visit.region = region;
            current = visit;
            run.add(visit);
        }

        private void leave(Instant at, StageVisit.Exit exit) {
            current.exitedAt = at;
            current.exit = exit;
            current = null;
        }

        /** The visits of the run just ended (or still running) get its outcome. */
        private void finishRun(StageVisit.Outcome outcome, Instant decidedAt) {
            for (Open visit : run) {
                visit.outcome = outcome;
                visit.outcomeAt = decidedAt;
                done.add(visit);
            }
            run.clear();
        }

        /**
         * Judged by business time with every milestone known, so a milestone backfilled after the move still
         * counts if it happened before it.
         */
        private Integer unmetRequired(Open visit) {
            if (visit.exit == null || !visit.exit.forward() || visit.forwardTo < 0) {
                return null;
            }
            int unmet = 0;
            for (ExitCriterion criterion : process.requiredCriteriaLeaving(process.indexOf(visit.stage),
                    visit.forwardTo)) {
                Instant achieved = verified.get(criterion.id());
                unmet += achieved == null || achieved.isAfter(visit.exitedAt) ? 1 : 0;
            }
            return unmet;
        }
    }
}
