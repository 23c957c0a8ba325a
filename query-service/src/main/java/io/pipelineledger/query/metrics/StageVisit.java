package io.pipelineledger.query.metrics;

import io.pipelineledger.events.ids.OpportunityId;
import io.pipelineledger.events.ids.RegionId;
import io.pipelineledger.events.ids.RepId;
import io.pipelineledger.events.ids.StageId;
import io.pipelineledger.events.ids.TeamId;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One stay of a deal in a stage, as known at some business time: entered at {@code enteredAt} by the owner of the
 * time ({@code rep}, {@code team}, {@code region}), left at {@code exitedAt} the way {@code exit} says (null while
 * still there) with {@code unmetRequired} required exit criteria (of the stage left and any skipped) not met by a
 * verified milestone at that moment (forward exits only, else null), and how the deal's run ended after it ({@code outcome}: won, lost, or still open, decided at
 * {@code outcomeAt}); {@code runStartedAt} is when that run began (the opening or reopening).
 *
 * <p>Visits derived from all of a deal's facts, then {@linkplain #truncatedAt truncated} at a business time, are
 * the visits derived from the facts before that time: a read model can keep one set of visits per deal and answer
 * "as of" any date by filtering on these times.
 */
public record StageVisit(OpportunityId opportunityId, StageId stage, Instant enteredAt, Instant exitedAt, Exit exit,
                         Integer unmetRequired, Outcome outcome, Instant outcomeAt, Instant runStartedAt, RepId rep,
                         TeamId team, RegionId region) {

    /** How a visit ended. */
    public enum Exit {
        /** Forward to the next stage (or won from the last open stage). */
        ADVANCED,
        /** Forward past one or more stages (or won from an earlier stage). */
        SKIPPED,
        MOVED_BACKWARD,
        /** Closed from this stage: won. */
        WON,
        /** Closed from this stage: lost. */
        LOST;

        public boolean forward() {
            return this == ADVANCED || this == SKIPPED || this == WON;
        }
    }

    /** How the deal's run that this visit belongs to ended, as of the time asked. */
    public enum Outcome { WON, LOST, OPEN }

    /** This visit as it stood at business time {@code at}; empty if it had not begun. */
    public Optional<StageVisit> truncatedAt(Instant at) {
        if (!enteredAt.isBefore(at)) {
            return Optional.empty();
        }
        boolean left = exitedAt != null && exitedAt.isBefore(at);
        boolean decided = outcomeAt != null && outcomeAt.isBefore(at);
        if ((left || exitedAt == null) && (decided || outcomeAt == null)) {
            return Optional.of(this); // nothing of it lies at or after the time asked
        }
        return Optional.of(new StageVisit(opportunityId, stage, enteredAt, left ? exitedAt : null,
                left ? exit : null, left ? unmetRequired : null, decided ? outcome : Outcome.OPEN, decided ? outcomeAt : null, runStartedAt, rep,
                team, region));
    }

    public boolean exited() {
        return exitedAt != null;
    }

    /** Days from the start of the run to the win, for the visit a deal was won from. */
    public double cycleDays() {
        return Duration.between(runStartedAt, exitedAt).toMillis() / 86_400_000.0;
    }

    public double daysInStage() {
        return Duration.between(enteredAt, exitedAt).toMillis() / 86_400_000.0;
    }
}
