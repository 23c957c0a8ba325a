package io.pipelineledger.embedded.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pipelineledger.events.EvidenceKind;
import io.pipelineledger.events.generator.CrmEvent;
import io.pipelineledger.events.process.DefaultSalesProcess;
import io.pipelineledger.events.process.ExitCriterion;
import io.pipelineledger.events.process.SalesProcess;
import io.pipelineledger.events.process.StageDefinition;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * An independent, deliberately plain recomputation of every query-side metric of {@code docs/METRICS.md} from the
 * raw CRM events, for tests to compare the real endpoints with. Each answer is the JSON the endpoint should give
 * (null-valued fields left out). Every call walks every deal again from its facts before {@code asOf}: slow but
 * obviously faithful to "as of".
 */
public final class MetricsOracle {

    static final String ADVANCED = "ADVANCED";
    static final String SKIPPED = "SKIPPED";
    static final String MOVED_BACKWARD = "MOVED_BACKWARD";
    static final String WON = "WON";
    static final String LOST = "LOST";
    static final String OPEN = "OPEN";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final double MS_PER_DAY = 86_400_000.0;

    private final SalesProcess process;
    /** Each deal's facts in occurredAt order, ties in delivery order. */
    private final Map<String, List<CrmEvent>> factsByDeal = new LinkedHashMap<>();

    public MetricsOracle(List<CrmEvent> events) {
        this(events, DefaultSalesProcess.get());
    }

    public MetricsOracle(List<CrmEvent> events, SalesProcess process) {
        this.process = process;
        for (CrmEvent event : events) {
            factsByDeal.computeIfAbsent(event.opportunityId(), id -> new ArrayList<>()).add(event);
        }
        // List.sort is stable: facts with the same occurredAt keep their delivery order.
        factsByDeal.values().forEach(facts -> facts.sort(Comparator.comparing(CrmEvent::occurredAt)));
    }

    // ------------------------------------------------------------------ the walk: visits, wins, closes, open deals

    record Owner(String rep, String team, String region) {
    }

    /** One opening or reopening up to the win or loss that ends it. */
    static final class Run {
        final Instant start;
        String outcome = OPEN;

        Run(Instant start) {
            this.start = start;
        }
    }

    /** One stay of one deal in one stage. */
    static final class Visit {
        final String deal;
        final String stage;
        final int index;
        final boolean afterWin;
        final Owner owner;
        final Instant enteredAt;
        final Run run;
        Instant exitedAt;
        String exit;
        int unmet;

        Visit(String deal, String stage, int index, boolean afterWin, Owner owner, Instant enteredAt, Run run) {
            this.deal = deal;
            this.stage = stage;
            this.index = index;
            this.afterWin = afterWin;
            this.owner = owner;
            this.enteredAt = enteredAt;
            this.run = run;
        }

        boolean left() {
            return exit != null;
        }

        boolean forward() {
            return ADVANCED.equals(exit) || SKIPPED.equals(exit) || WON.equals(exit);
        }

        String outcome() {
            return run.outcome;
        }
    }

    /** A win: its run's start, when, and the owner at entry of the visit it was won from. */
    record Win(String deal, Instant runStart, Instant at, Owner owner) {
    }

    /** A deal closed as of the date, with the owner when it closed and its amount then. */
    record Closed(String deal, String status, Owner owner, BigDecimal amount) {
    }

    /** A deal open as of the date. */
    record OpenDeal(String deal, String stage, Owner owner, BigDecimal amount) {
    }

    record Snapshot(List<Visit> visits, List<Win> wins, List<Closed> closed, List<OpenDeal> open) {
    }

    Snapshot snapshot(Instant asOf) {
        Snapshot snapshot = new Snapshot(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        factsByDeal.forEach((deal, facts) -> walk(deal,
                facts.stream().filter(f -> f.occurredAt().isBefore(asOf)).toList(), snapshot));
        return snapshot;
    }

    private void walk(String deal, List<CrmEvent> facts, Snapshot out) {
        // Earliest verified achievement of each milestone (a backfilled one counts wherever it happened).
        Map<String, Instant> verified = new HashMap<>();
        for (CrmEvent fact : facts) {
            if (fact.type().equals("MilestoneAchieved")) {
                String milestone = string(fact, "milestoneId");
                ExitCriterion criterion = criterion(milestone);
                if (criterion != null && evidenceKind(fact.fields().get("evidence")).satisfies(criterion.evidence())) {
                    verified.merge(milestone, fact.occurredAt(), (a, b) -> a.isBefore(b) ? a : b);
                }
            }
        }
        Owner owner = null;
        Run run = null;
        Visit current = null;
        String status = null;
        Owner closedBy = null;
        BigDecimal amount = null;
        for (CrmEvent fact : facts) {
            Instant t = fact.occurredAt();
            switch (fact.type()) {
                case "OpportunityOpened" -> {
                    owner = new Owner(string(fact, "repId"), string(fact, "teamId"), string(fact, "regionId"));
                    amount = decimal(fact.fields().get("amount"));
                    run = new Run(t);
                    status = OPEN;
                    current = enter(deal, string(fact, "stage"), owner, t, run, out);
                }
                case "StageChanged" -> {
                    if (current == null || current.afterWin) {
                        continue; // not a valid fact; the ledger refuses it
                    }
                    String to = string(fact, "toStage");
                    int from = current.index;
                    int toIndex = indexOf(to);
                    if (toIndex == from) {
                        continue;
                    }
                    String kind = toIndex < from ? MOVED_BACKWARD : toIndex == from + 1 ? ADVANCED : SKIPPED;
                    leave(current, t, kind, kind.equals(MOVED_BACKWARD) ? 0 : unmet(from, toIndex, t, verified));
                    current = enter(deal, to, owner, t, run, out);
                }
                case "AmountRevised" -> amount = decimal(fact.fields().get("amount"));
                case "OwnerReassigned" -> {
                    String team = string(fact, "teamId");
                    String region = string(fact, "regionId");
                    owner = new Owner(string(fact, "repId"), team != null ? team : owner.team(),
                            region != null ? region : owner.region());
                }
                case "OpportunityWon" -> {
                    if (current == null) {
                        continue;
                    }
                    int afterWin = afterWinIndex();
                    int toIndex = afterWin >= 0 ? afterWin : process.stages().size();
                    leave(current, t, WON, unmet(current.index, toIndex, t, verified));
                    run.outcome = WON;
                    out.wins().add(new Win(deal, run.start, t, current.owner));
                    if (fact.fields().get("amount") != null) {
                        amount = decimal(fact.fields().get("amount"));
                    }
                    status = WON;
                    closedBy = owner;
                    current = afterWin >= 0
                            ? enter(deal, process.stages().get(afterWin).id().value(), owner, t, run, out) : null;
                }
                case "OpportunityLost" -> {
                    if (current == null) {
                        continue;
                    }
                    leave(current, t, LOST, 0);
                    run.outcome = LOST;
                    status = LOST;
                    closedBy = owner;
                    current = null;
                }
                case "OpportunityReopened" -> {
                    if (current != null && current.afterWin) {
                        leave(current, t, MOVED_BACKWARD, 0);
                    }
                    run = new Run(t);
                    status = OPEN;
                    current = enter(deal, string(fact, "stage"), owner, t, run, out);
                }
                default -> {
                    // MilestoneAchieved (used above), CloseDateRevised, ForecastCategorySet: no visit changes
                }
            }
        }
        if (WON.equals(status) || LOST.equals(status)) {
            out.closed().add(new Closed(deal, status, closedBy, amount));
        } else if (OPEN.equals(status) && current != null && !current.afterWin) {
            out.open().add(new OpenDeal(deal, current.stage, owner, amount));
        }
    }

    private Visit enter(String deal, String stage, Owner owner, Instant at, Run run, Snapshot out) {
        int index = indexOf(stage);
        Visit visit = new Visit(deal, stage, index, index >= 0 && process.stages().get(index).afterWin(), owner, at,
                run);
        out.visits().add(visit);
        return visit;
    }

    private static void leave(Visit visit, Instant at, String exit, int unmet) {
        visit.exitedAt = at;
        visit.exit = exit;
        visit.unmet = unmet;
    }

    /** Required criteria of stages from … to−1 with no verified achievement at or before the exit. */
    private int unmet(int from, int to, Instant exitAt, Map<String, Instant> verified) {
        int unmet = 0;
        for (int i = Math.max(from, 0); i < to && i < process.stages().size(); i++) {
            for (ExitCriterion criterion : process.stages().get(i).exitCriteria()) {
                Instant achieved = verified.get(criterion.id().value());
                if (criterion.required() && (achieved == null || achieved.isAfter(exitAt))) {
                    unmet++;
                }
            }
        }
        return unmet;
    }

    private int indexOf(String stage) {
        List<StageDefinition> stages = process.stages();
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i).id().value().equals(stage)) {
                return i;
            }
        }
        return -1;
    }

    private int afterWinIndex() {
        List<StageDefinition> stages = process.stages();
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i).afterWin()) {
                return i;
            }
        }
        return -1;
    }

    private int lastOpenStageIndex() {
        int last = -1;
        for (int i = 0; i < process.stages().size(); i++) {
            if (!process.stages().get(i).afterWin()) {
                last = i;
            }
        }
        return last;
    }

    private List<String> openStages() {
        return process.stages().stream().filter(s -> !s.afterWin()).map(s -> s.id().value()).toList();
    }

    private ExitCriterion criterion(String milestone) {
        for (StageDefinition stage : process.stages()) {
            for (ExitCriterion criterion : stage.exitCriteria()) {
                if (criterion.id().value().equals(milestone)) {
                    return criterion;
                }
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ GET /conversion

    public JsonNode conversion(String groupBy, Instant from, Instant to, Instant asOf, String interval) {
        String by = groupBy == null ? "all" : groupBy;
        Snapshot snapshot = snapshot(asOf);
        Predicate<Instant> inWindow = at -> (from == null || !at.isBefore(from)) && (to == null || at.isBefore(to));

        Comparator<List<String>> byGroupThenPeriod = Comparator.comparing((List<String> k) -> k.get(0))
                .thenComparing(k -> k.get(1), Comparator.nullsFirst(Comparator.naturalOrder()));
        Map<List<String>, List<Visit>> visits = new TreeMap<>(byGroupThenPeriod);
        Map<List<String>, List<Win>> wins = new TreeMap<>(byGroupThenPeriod);
        for (Visit visit : snapshot.visits()) {
            String group = group(visit.owner, by);
            if (group != null && inWindow.test(visit.enteredAt)) {
                visits.computeIfAbsent(key(group, period(visit.enteredAt, interval)), k -> new ArrayList<>())
                        .add(visit);
            }
        }
        for (Win win : snapshot.wins()) {
            String group = group(win.owner(), by);
            if (group != null && inWindow.test(win.runStart())) {
                wins.computeIfAbsent(key(group, period(win.runStart(), interval)), k -> new ArrayList<>()).add(win);
            }
        }
        Map<List<String>, Boolean> keys = new TreeMap<>(byGroupThenPeriod);
        visits.keySet().forEach(k -> keys.put(k, true));
        wins.keySet().forEach(k -> keys.put(k, true));

        ObjectNode answer = JSON.objectNode();
        answer.put("asOf", asOf.toString());
        answer.put("groupBy", by);
        putIfNotNull(answer, "from", from == null ? null : from.toString());
        putIfNotNull(answer, "to", to == null ? null : to.toString());
        putIfNotNull(answer, "interval", interval);
        ArrayNode groups = answer.putArray("groups");
        for (List<String> key : keys.keySet()) {
            List<Visit> groupVisits = visits.getOrDefault(key, List.of());
            List<Win> groupWins = wins.getOrDefault(key, List.of());
            ObjectNode node = groups.addObject();
            node.put("group", key.get(0));
            putIfNotNull(node, "period", key.get(1));
            node.put("wonDeals", groupWins.size());
            putIfNotNull(node, "medianCycleDays", medianCycleDays(groupWins));
            ArrayNode stages = node.putArray("stages");
            for (StageDefinition stage : process.stages()) {
                String id = stage.id().value();
                List<Visit> of = groupVisits.stream().filter(v -> v.stage.equals(id)).toList();
                long entered = of.size();
                long advanced = of.stream().filter(Visit::forward).count();
                long won = of.stream().filter(v -> v.outcome().equals(WON)).count();
                long lost = of.stream().filter(v -> v.outcome().equals(LOST)).count();
                long open = of.stream().filter(v -> !v.left()).count();
                List<Double> days = of.stream().filter(Visit::left).map(v -> days(v.enteredAt, v.exitedAt)).toList();
                ObjectNode s = stages.addObject();
                s.put("stage", id);
                s.put("entered", entered);
                s.put("advanced", advanced);
                s.put("won", won);
                s.put("lost", lost);
                s.put("open", open);
                putIfNotNull(s, "conversionRate", ratio(advanced, entered - open));
                putIfNotNull(s, "winRate", ratio(won, won + lost));
                putIfNotNull(s, "medianDaysInStage", quantile(days, 0.5));
                putIfNotNull(s, "p90DaysInStage", quantile(days, 0.9));
            }
        }
        return answer;
    }

    private static List<String> key(String group, String period) {
        List<String> key = new ArrayList<>(2); // List.of refuses a null period
        key.add(group);
        key.add(period);
        return key;
    }

    private static Double medianCycleDays(Collection<Win> wins) {
        return quantile(wins.stream().map(w -> days(w.runStart(), w.at())).toList(), 0.5);
    }

    /** The owner's group, or null when the owner has none of that kind (the visit is then left out). */
    static String group(Owner owner, String groupBy) {
        return switch (groupBy) {
            case "all" -> "all";
            case "rep" -> owner.rep();
            case "team" -> owner.team();
            case "region" -> owner.region();
            default -> throw new IllegalArgumentException("groupBy " + groupBy);
        };
    }

    /** The UTC calendar period of the instant: 2026-W47, 2026-11 or 2026-Q4; null without an interval. */
    static String period(Instant at, String interval) {
        if (interval == null) {
            return null;
        }
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        return switch (interval) {
            case "week" -> String.format(Locale.ROOT, "%04d-W%02d", day.get(IsoFields.WEEK_BASED_YEAR),
                    day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case "month" -> String.format(Locale.ROOT, "%04d-%02d", day.getYear(), day.getMonthValue());
            case "quarter" -> String.format(Locale.ROOT, "%04d-Q%d", day.getYear(), (day.getMonthValue() + 2) / 3);
            default -> throw new IllegalArgumentException("interval " + interval);
        };
    }

    // ------------------------------------------------------------------ GET /reps/{rep}/scorecard

    /** The rep's scorecard as of the date, or null (a 404) when the rep has no visit. */
    public JsonNode scorecard(String rep, Instant asOf) {
        Snapshot snapshot = snapshot(asOf);
        List<Visit> mine = snapshot.visits().stream().filter(v -> rep.equals(v.owner.rep())).toList();
        if (mine.isEmpty()) {
            return null;
        }
        Visit latest = mine.get(0);
        for (Visit visit : mine) {
            if (visit.enteredAt.isAfter(latest.enteredAt)) {
                latest = visit;
            }
        }
        String team = latest.owner.team();
        List<Visit> teams = team == null ? List.of()
                : snapshot.visits().stream().filter(v -> team.equals(v.owner.team())).toList();

        ObjectNode answer = JSON.objectNode();
        answer.put("asOf", asOf.toString());
        answer.put("rep", rep);
        putIfNotNull(answer, "team", team);
        ArrayNode stages = answer.putArray("stages");
        for (String stage : openStages()) {
            Predicate<Visit> ofStage = v -> v.stage.equals(stage);
            Counts conversion = counts(mine, ofStage, MetricsOracle::conversionCounts);
            Counts teamConversion = counts(teams, ofStage, MetricsOracle::conversionCounts);
            Counts winRate = counts(mine, ofStage, MetricsOracle::stageWinCounts);
            Counts teamWinRate = counts(teams, ofStage, MetricsOracle::stageWinCounts);
            ObjectNode s = stages.addObject();
            s.put("stage", stage);
            s.put("exited", conversion.n());
            s.put("advanced", conversion.s());
            putIfNotNull(s, "conversion", conversion.rate());
            putIfNotNull(s, "conversionShrunk",
                    shrunk(conversion, perRep(teams, ofStage, MetricsOracle::conversionCounts)));
            putIfNotNull(s, "teamConversion", teamConversion.rate());
            s.put("won", winRate.s());
            s.put("lost", winRate.n() - winRate.s());
            putIfNotNull(s, "winRate", winRate.rate());
            putIfNotNull(s, "winRateShrunk", shrunk(winRate, perRep(teams, ofStage, MetricsOracle::stageWinCounts)));
            putIfNotNull(s, "teamWinRate", teamWinRate.rate());
        }
        answer.set("habits", habits(mine, snapshot.wins(), w -> rep.equals(w.owner().rep())));
        answer.set("teamHabits", habits(teams, snapshot.wins(), w -> team != null && team.equals(w.owner().team())));

        Counts deals = counts(mine, v -> true, MetricsOracle::dealCounts);
        Counts teamDeals = counts(teams, v -> true, MetricsOracle::dealCounts);
        Double shrunk = shrunk(deals, perRep(teams, v -> true, MetricsOracle::dealCounts));
        answer.put("dealsWon", deals.s());
        answer.put("dealsLost", deals.n() - deals.s());
        putIfNotNull(answer, "winRate", deals.rate());
        putIfNotNull(answer, "winRateShrunk", shrunk);
        putIfNotNull(answer, "teamWinRate", teamDeals.rate());
        putIfNotNull(answer, "winRateGap", shrunk == null || teamDeals.rate() == null ? null
                : shrunk - teamDeals.rate());
        return answer;
    }

    /** Successes and trials. */
    record Counts(long s, long n) {
        Double rate() {
            return ratio(s, n);
        }
    }

    /** Stage conversion: advanced of exited. */
    private static Counts conversionCounts(Visit v) {
        return new Counts(v.left() && v.forward() ? 1 : 0, v.left() ? 1 : 0);
    }

    /** Stage win rate: won of decided (won or lost) outcomes. */
    private static Counts stageWinCounts(Visit v) {
        boolean won = v.outcome().equals(WON);
        return new Counts(won ? 1 : 0, won || v.outcome().equals(LOST) ? 1 : 0);
    }

    /** Deal win rate: visits left by WON of visits left by WON or LOST. */
    private static Counts dealCounts(Visit v) {
        return new Counts(WON.equals(v.exit) ? 1 : 0, WON.equals(v.exit) || LOST.equals(v.exit) ? 1 : 0);
    }

    private static Counts counts(List<Visit> visits, Predicate<Visit> which, Function<Visit, Counts> count) {
        long s = 0;
        long n = 0;
        for (Visit visit : visits) {
            if (which.test(visit)) {
                Counts c = count.apply(visit);
                s += c.s();
                n += c.n();
            }
        }
        return new Counts(s, n);
    }

    private static Collection<Counts> perRep(List<Visit> visits, Predicate<Visit> which,
                                             Function<Visit, Counts> count) {
        Map<String, List<Visit>> byRep = new TreeMap<>();
        for (Visit visit : visits) {
            byRep.computeIfAbsent(visit.owner.rep(), r -> new ArrayList<>()).add(visit);
        }
        List<Counts> counts = new ArrayList<>();
        byRep.values().forEach(repVisits -> counts.add(counts(repVisits, which, count)));
        return counts;
    }

    /**
     * Empirical Bayes: the reps' (successes, trials) fit a Beta(α, β) prior by the method of moments, and the rate
     * is (s + α) ÷ (n + α + β). Null when the reps have no trials.
     */
    static Double shrunk(Counts own, Collection<Counts> reps) {
        long sumS = 0;
        long sumN = 0;
        int k = 0;
        for (Counts rep : reps) {
            if (rep.n() > 0) {
                sumS += rep.s();
                sumN += rep.n();
                k++;
            }
        }
        if (sumN == 0) {
            return null;
        }
        double mu = (double) sumS / sumN;
        double strength;
        if (sumS == 0 || sumS == sumN) {
            mu = clamp(mu, 0.5 / (sumN + 1), 1 - 0.5 / (sumN + 1));
            strength = 1000;
        } else {
            double spread = 0;
            for (Counts rep : reps) {
                if (rep.n() > 0) {
                    double d = (double) rep.s() / rep.n() - mu;
                    spread += rep.n() * d * d;
                }
            }
            double tau2 = sumN <= k ? 0 : (spread - k * mu * (1 - mu)) / (sumN - k);
            strength = tau2 <= 0 ? 1000 : clamp(mu * (1 - mu) / tau2 - 1, 0.01, 1000);
        }
        double alpha = mu * strength;
        double beta = (1 - mu) * strength;
        return (own.s() + alpha) / (own.n() + alpha + beta);
    }

    private static double clamp(double x, double low, double high) {
        return Math.max(low, Math.min(high, x));
    }

    /** Habits over the visits of open stages that have left, and the cycle time of the wins chosen. */
    private ObjectNode habits(List<Visit> visits, List<Win> wins, Predicate<Win> whose) {
        Habits h = new Habits(visits);
        ObjectNode node = JSON.objectNode();
        node.put("forwardMoves", h.forward);
        node.put("skips", h.skips);
        putIfNotNull(node, "skipRate", ratio(h.skips, h.forward));
        node.put("backwardMoves", h.backward);
        node.put("judgedAdvances", h.forward);
        node.put("advancesWithCriteriaMet", h.met);
        putIfNotNull(node, "adherence", ratio(h.met, h.forward));
        putIfNotNull(node, "medianCycleDays", medianCycleDays(wins.stream().filter(whose).toList()));
        return node;
    }

    /** Forward moves, skips, backward moves and criteria-compliant advances of visits of open stages that left. */
    final class Habits {
        long forward;
        long skips;
        long backward;
        long met;

        Habits(Collection<Visit> visits) {
            int lastOpen = lastOpenStageIndex();
            for (Visit v : visits) {
                if (v.afterWin || !v.left()) {
                    continue;
                }
                if (v.forward()) {
                    forward++;
                    if (v.unmet == 0) {
                        met++;
                    }
                }
                if (SKIPPED.equals(v.exit) || (WON.equals(v.exit) && v.index < lastOpen)) {
                    skips++;
                }
                if (MOVED_BACKWARD.equals(v.exit)) {
                    backward++;
                }
            }
        }
    }

    // ------------------------------------------------------------------ GET /winrates

    public JsonNode winRates(String groupBy, Instant asOf) {
        String by = groupBy == null ? "all" : groupBy;
        Map<String, long[]> wonLost = new TreeMap<>();
        Map<String, BigDecimal> wonAmounts = new TreeMap<>();
        for (Closed closed : snapshot(asOf).closed()) {
            String group = group(closed.owner(), by);
            if (group != null) {
                boolean won = closed.status().equals(WON);
                wonLost.computeIfAbsent(group, g -> new long[2])[won ? 0 : 1]++;
                // the generated history is in USD, the reporting currency: amounts as they are
                wonAmounts.merge(group, won && closed.amount() != null ? closed.amount() : BigDecimal.ZERO,
                        BigDecimal::add);
            }
        }
        ObjectNode answer = JSON.objectNode();
        answer.put("asOf", asOf.toString());
        answer.put("groupBy", by);
        answer.put("currency", "USD");
        ArrayNode groups = answer.putArray("groups");
        wonLost.forEach((group, c) -> {
            ObjectNode node = groups.addObject();
            node.put("group", group);
            node.put("won", c[0]);
            node.put("lost", c[1]);
            putIfNotNull(node, "winRate", ratio(c[0], c[0] + c[1]));
            node.put("wonAmount", wonAmounts.get(group));
        });
        answer.putArray("warnings");
        return answer;
    }

    // ------------------------------------------------------------------ GET /pipeline

    public JsonNode pipeline(String groupBy, Instant asOf) {
        String by = groupBy == null ? "all" : groupBy;
        Map<String, List<OpenDeal>> byGroup = new TreeMap<>();
        for (OpenDeal deal : snapshot(asOf).open()) {
            String group = group(deal.owner(), by);
            if (group != null) {
                byGroup.computeIfAbsent(group, g -> new ArrayList<>()).add(deal);
            }
        }
        ObjectNode answer = JSON.objectNode();
        answer.put("asOf", asOf.toString());
        answer.put("groupBy", by);
        answer.put("currency", "USD");
        ArrayNode groups = answer.putArray("groups");
        byGroup.forEach((group, deals) -> {
            ObjectNode node = groups.addObject();
            node.put("group", group);
            node.put("count", deals.size());
            node.put("amount", sum(deals));
            ArrayNode stages = node.putArray("stages");
            for (String stage : openStages()) {
                List<OpenDeal> in = deals.stream().filter(d -> d.stage().equals(stage)).toList();
                ObjectNode s = stages.addObject();
                s.put("stage", stage);
                s.put("count", in.size());
                s.put("amount", sum(in));
            }
        });
        answer.putArray("warnings");
        return answer;
    }

    private static BigDecimal sum(List<OpenDeal> deals) {
        BigDecimal sum = BigDecimal.ZERO;
        for (OpenDeal deal : deals) {
            sum = sum.add(deal.amount() == null ? BigDecimal.ZERO : deal.amount());
        }
        return sum;
    }

    // ------------------------------------------------------------------ GET /maturity

    private static final String[] LEVEL_NAMES = {"Anarchy & luck", "Hope & intention", "Controls & errors",
            "Dynamic process"};

    private record Check(int level, String measure, String comparison, double threshold) {
        boolean met(Double value) {
            return value != null && (comparison.equals(">=") ? value >= threshold : value <= threshold);
        }
    }

    private static final List<Check> CHECKS = List.of(
            new Check(2, "adherence", ">=", 0.30),
            new Check(3, "adherence", ">=", 0.65),
            new Check(3, "skipRate", "<=", 0.15),
            new Check(3, "repsFollowingProcess", ">=", 0.60),
            new Check(4, "adherence", ">=", 0.85),
            new Check(4, "skipRate", "<=", 0.05),
            new Check(4, "winRateSpread", "<=", 0.25),
            new Check(4, "repsFollowingProcess", ">=", 0.85));

    public JsonNode maturity(Instant asOf) {
        List<Visit> visits = snapshot(asOf).visits();
        Habits everyone = new Habits(visits);
        Double adherence = ratio(everyone.met, everyone.forward);
        Double skipRate = ratio(everyone.skips, everyone.forward);

        Map<String, List<Visit>> byRep = new TreeMap<>();
        for (Visit visit : visits) {
            byRep.computeIfAbsent(visit.owner.rep(), r -> new ArrayList<>()).add(visit);
        }
        // the prior is fitted over the reps measured (at least 5 closed visits), and each of them shrunk toward it
        List<Counts> measuredReps = new ArrayList<>();
        for (List<Visit> repVisits : byRep.values()) {
            Counts deals = counts(repVisits, v -> true, MetricsOracle::dealCounts);
            if (deals.n() >= 5) {
                measuredReps.add(deals);
            }
        }
        List<Double> shrunkRates = new ArrayList<>();
        for (Counts deals : measuredReps) {
            shrunkRates.add(shrunk(deals, measuredReps));
        }
        long repsJudged = 0;
        long repsFollowing = 0;
        for (List<Visit> repVisits : byRep.values()) {
            Habits habits = new Habits(repVisits);
            if (habits.forward >= 5) {
                repsJudged++;
                if ((double) habits.met / habits.forward >= 0.7) {
                    repsFollowing++;
                }
            }
        }
        Double spread = coefficientOfVariation(shrunkRates);
        Double following = repsJudged == 0 ? null : (double) repsFollowing / repsJudged;

        Map<String, Double> measured = new HashMap<>();
        measured.put("adherence", adherence);
        measured.put("skipRate", skipRate);
        measured.put("winRateSpread", spread);
        measured.put("repsFollowingProcess", following);

        int level = 1;
        for (int candidate = 2; candidate <= 4; candidate++) {
            int l = candidate;
            boolean allMet = CHECKS.stream().filter(c -> c.level() == l)
                    .allMatch(c -> c.met(measured.get(c.measure())));
            if (!allMet) {
                break;
            }
            level = candidate;
        }

        ObjectNode answer = JSON.objectNode();
        answer.put("asOf", asOf.toString());
        answer.put("level", level);
        answer.put("name", LEVEL_NAMES[level - 1]);
        ObjectNode evidence = answer.putObject("evidence");
        putIfNotNull(evidence, "adherence", adherence);
        putIfNotNull(evidence, "skipRate", skipRate);
        putIfNotNull(evidence, "winRateSpread", spread);
        putIfNotNull(evidence, "repsFollowingProcess", following);
        evidence.put("judgedAdvances", everyone.forward);
        evidence.put("repsMeasured", byRep.size());
        ArrayNode checks = answer.putArray("checks");
        for (Check check : CHECKS) {
            Double value = measured.get(check.measure());
            ObjectNode node = checks.addObject();
            node.put("level", check.level());
            node.put("measure", check.measure());
            node.put("comparison", check.comparison());
            node.put("threshold", check.threshold());
            putIfNotNull(node, "value", value);
            node.put("met", check.met(value));
        }
        return answer;
    }

    /** Sample standard deviation (n − 1) over the mean; null with fewer than 2 values. */
    private static Double coefficientOfVariation(List<Double> values) {
        if (values.size() < 2) {
            return null;
        }
        double mean = values.stream().mapToDouble(Double::doubleValue).sum() / values.size();
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return Math.sqrt(squares / (values.size() - 1)) / mean;
    }

    // ------------------------------------------------------------------ small helpers

    static Double ratio(long numerator, long denominator) {
        return denominator == 0 ? null : (double) numerator / denominator;
    }

    /** Days between two instants: milliseconds ÷ 86,400,000, no rounding. */
    static double days(Instant earlier, Instant later) {
        return Duration.between(earlier, later).toMillis() / MS_PER_DAY;
    }

    /** Type-7 quantile: h = (n−1)p, x[⌊h⌋] + (h−⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]); null for no values. */
    static Double quantile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return null;
        }
        List<Double> x = new ArrayList<>(values);
        x.sort(Comparator.naturalOrder());
        double h = (x.size() - 1) * p;
        int lo = (int) Math.floor(h);
        if (lo + 1 >= x.size()) {
            return x.get(lo);
        }
        return x.get(lo) + (h - lo) * (x.get(lo + 1) - x.get(lo));
    }

    private static void putIfNotNull(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static void putIfNotNull(ObjectNode node, String field, Double value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static String string(CrmEvent fact, String field) {
        Object value = fact.fields().get(field);
        return value == null ? null : value.toString();
    }

    /** A money value as the CRM may give it: a number of any type, a numeric string, or {value, currency}. */
    static BigDecimal decimal(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        if (value instanceof Map<?, ?> money) {
            return decimal(money.get("value"));
        }
        if (value instanceof JsonNode node) {
            return node.isObject() ? decimal(node.get("value")) : node.decimalValue();
        }
        return new BigDecimal(value.toString());
    }

    /** The evidence kind of a milestone: {@code {"kind": …}} or the bare kind; the seller's word when absent. */
    static EvidenceKind evidenceKind(Object evidence) {
        Object kind = evidence instanceof Map<?, ?> map ? map.get("kind") : evidence;
        if (kind instanceof JsonNode node) {
            kind = node.isObject() ? node.path("kind").asText(null) : node.asText(null);
        }
        return kind == null ? EvidenceKind.SELLER_ASSERTION : EvidenceKind.valueOf(Objects.toString(kind));
    }
}
