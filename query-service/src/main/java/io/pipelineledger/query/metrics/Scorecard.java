package io.pipelineledger.query.metrics;

import io.pipelineledger.events.ids.StageId;
import io.pipelineledger.events.process.SalesProcess;
import io.pipelineledger.events.process.StageDefinition;
import io.pipelineledger.query.metrics.BetaBinomialShrinkage.Count;
import io.pipelineledger.query.metrics.BetaBinomialShrinkage.Prior;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A rep against the team: per stage, conversion and win rate raw and shrunk toward the team (so three lucky
 * deals do not rank first), and the habits behind the numbers: how often the rep skips stages, moves deals
 * backward, advances with every required exit criterion met, and how long won deals take.
 */
public final class Scorecard {

    /** One stage: the rep's counts, raw and shrunk rates, the team's rates and the gap to them. */
    public record StageScore(StageId stage, long exited, long advanced, Double conversion, Double conversionShrunk,
                             Double teamConversion, long won, long lost, Double winRate, Double winRateShrunk,
                             Double teamWinRate) {
    }

    /** Habits: forward moves, of which skips; backward moves; judged advances, of which all criteria met. */
    public record Habits(long forwardMoves, long skips, Double skipRate, long backwardMoves, long judgedAdvances,
                         long advancesWithCriteriaMet, Double adherence, Double medianCycleDays) {
    }

    /** The card: the rep's and the team's habits, per-stage scores, and the shrunk deal win rate's gap to the team. */
    public record Card(String rep, String team, List<StageScore> stages, Habits habits, Habits teamHabits,
                       long dealsWon, long dealsLost, Double winRate, Double winRateShrunk, Double teamWinRate,
                       Double winRateGap) {
    }

    private Scorecard() {
    }

    /** Null when the rep has no visits; {@code visits} may hold everyone's (the team's are picked out). */
    public static Card of(String rep, List<StageVisit> visits, SalesProcess process) {
        List<StageVisit> own = visits.stream().filter(v -> rep.equals(value(v.rep()))).toList();
        if (own.isEmpty()) {
            return null;
        }
        String team = own.stream().max(Comparator.comparing(StageVisit::enteredAt)).map(v -> value(v.team()))
                .orElse(null);
        List<StageVisit> teamVisits = visits.stream().filter(v -> Objects.equals(team, value(v.team()))).toList();
        Set<String> teamReps = teamVisits.stream().map(v -> value(v.rep())).filter(Objects::nonNull)
                .collect(Collectors.toCollection(TreeSet::new));

        List<StageScore> stages = new ArrayList<>();
        for (StageDefinition stage : process.stages()) {
            if (stage.afterWin()) {
                continue;
            }
            List<StageVisit> repStage = inStage(own, stage);
            List<StageVisit> teamStage = inStage(teamVisits, stage);
            Count conversion = conversion(repStage);
            Count wins = wins(repStage);
            Prior conversionPrior = BetaBinomialShrinkage.fit(teamReps.stream()
                    .map(r -> conversion(inStage(byRep(teamVisits, r), stage))).toList());
            Prior winPrior = BetaBinomialShrinkage.fit(teamReps.stream()
                    .map(r -> wins(inStage(byRep(teamVisits, r), stage))).toList());
            stages.add(new StageScore(stage.id(), conversion.trials(), conversion.successes(), rate(conversion),
                    conversionPrior == null ? null : conversionPrior.shrink(conversion), rate(conversion(teamStage)),
                    wins.successes(), wins.trials() - wins.successes(), rate(wins),
                    winPrior == null ? null : winPrior.shrink(wins), rate(wins(teamStage))));
        }
        Count deals = dealWins(own);
        Prior dealPrior = BetaBinomialShrinkage.fit(teamReps.stream().map(r -> dealWins(byRep(teamVisits, r)))
                .toList());
        Double shrunk = dealPrior == null ? null : dealPrior.shrink(deals);
        Double teamRate = rate(dealWins(teamVisits));
        return new Card(rep, team, stages, habits(own, process), habits(teamVisits, process), deals.successes(),
                deals.trials() - deals.successes(), rate(deals), shrunk, teamRate,
                shrunk == null || teamRate == null ? null : shrunk - teamRate);
    }

    static Habits habits(List<StageVisit> visits, SalesProcess process) {
        int lastOpen = (int) process.stages().stream().filter(s -> !s.afterWin()).count() - 1;
        long forward = 0;
        long skips = 0;
        long backward = 0;
        long judged = 0;
        long met = 0;
        for (StageVisit visit : visits) {
            int index = process.indexOf(visit.stage());
            if (visit.exit() == null || index > lastOpen) {
                continue; // still there, or the after-win stage
            }
            if (visit.exit().forward()) {
                forward++;
                boolean skipped = visit.exit() == StageVisit.Exit.SKIPPED
                        || (visit.exit() == StageVisit.Exit.WON && index < lastOpen);
                skips += skipped ? 1 : 0;
                if (visit.unmetRequired() != null) {
                    judged++;
                    met += visit.unmetRequired() == 0 ? 1 : 0;
                }
            } else if (visit.exit() == StageVisit.Exit.MOVED_BACKWARD) {
                backward++;
            }
        }
        return new Habits(forward, skips, forward == 0 ? null : (double) skips / forward, backward, judged, met,
                judged == 0 ? null : (double) met / judged, medianCycleDays(visits));
    }

    /** Days from the winning run's start to the win, over the visits the deals were won from. */
    private static Double medianCycleDays(List<StageVisit> visits) {
        ConversionMetrics.Doubles days = new ConversionMetrics.Doubles();
        visits.stream().filter(v -> v.exit() == StageVisit.Exit.WON).forEach(v -> days.add(v.cycleDays()));
        return days.percentile(0.5);
    }

    private static List<StageVisit> inStage(List<StageVisit> visits, StageDefinition stage) {
        return visits.stream().filter(v -> v.stage().equals(stage.id())).toList();
    }

    private static List<StageVisit> byRep(List<StageVisit> visits, String rep) {
        return visits.stream().filter(v -> rep.equals(value(v.rep()))).toList();
    }

    private static Count conversion(List<StageVisit> visits) {
        long exited = visits.stream().filter(StageVisit::exited).count();
        long advanced = visits.stream().filter(v -> v.exited() && v.exit().forward()).count();
        return new Count(advanced, exited);
    }

    private static Count wins(List<StageVisit> visits) {
        long won = visits.stream().filter(v -> v.outcome() == StageVisit.Outcome.WON).count();
        long lost = visits.stream().filter(v -> v.outcome() == StageVisit.Outcome.LOST).count();
        return new Count(won, won + lost);
    }

    /** Closed deal runs whose last open-stage visit the owner held: won ÷ closed. */
    static Count dealWins(List<StageVisit> visits) {
        long won = visits.stream().filter(v -> v.exit() == StageVisit.Exit.WON).count();
        long lost = visits.stream().filter(v -> v.exit() == StageVisit.Exit.LOST).count();
        return new Count(won, won + lost);
    }

    private static Double rate(Count count) {
        return count.trials() == 0 ? null : (double) count.successes() / count.trials();
    }

    private static String value(Object id) {
        return id == null ? null : id.toString();
    }
}
