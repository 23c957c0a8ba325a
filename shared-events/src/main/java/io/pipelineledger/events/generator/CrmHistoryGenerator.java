package io.pipelineledger.events.generator;

import io.pipelineledger.events.EvidenceKind;
import io.pipelineledger.events.process.DefaultSalesProcess;
import io.pipelineledger.events.process.ExitCriterion;
import io.pipelineledger.events.process.SalesProcess;
import io.pipelineledger.events.process.StageDefinition;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Realistic CRM histories under the default seven-stage process, for tests, benchmarks and the demo: reps of
 * different skill (how often their deals advance rather than die) and discipline (how faithfully they record the
 * buyer's milestones before moving a deal, how rarely they skip stages), seasonal deal creation, backward moves,
 * slipping close dates, reassignments, reopened deals, and a share of facts that reach the ledger late
 * (backfill). The same seed gives the same history. Every event is valid under the ledger's rules, so posting a
 * history records all of it.
 */
public final class CrmHistoryGenerator {

    /** Median days a deal spends in each open stage, for a rep of average skill. */
    private static final double[] DWELL_DAYS = {10, 14, 21, 14, 18, 12};
    /** Chance a deal dies when it leaves each open stage, for a rep of average skill. */
    private static final double[] LOSE = {0.35, 0.30, 0.22, 0.18, 0.15, 0.10};
    private static final String[] REGIONS = {"emea", "amer", "apac"};
    private static final String[] LOSS_REASONS = {"no budget", "chose a competitor", "no decision", "timing"};
    private static final String[] SOURCES = {"inbound", "outbound", "partner", "event"};

    /** What to generate. */
    public record Settings(long seed, int reps, int teamsPerRegion, Instant start, Instant end,
                           double dealsPerRepPerMonth, double backfillShare, double reassignShare) {

        /** About 40 reps in 3 regions over the two years before {@code end}. */
        public static Settings twoYears(long seed, Instant end) {
            return new Settings(seed, 40, 2, end.minus(730, ChronoUnit.DAYS), end, 3.0, 0.05, 0.05);
        }
    }

    /** A rep and the traits that drive the history: skill around 1 (0.6–1.4), discipline 0.3–1. */
    public record Rep(String id, String teamId, String regionId, double skill, double discipline) {
    }

    /** The reps and the events, in the order a CRM would deliver them (late facts come late). */
    public record History(List<Rep> reps, List<CrmEvent> events) {
    }

    private final SalesProcess process = DefaultSalesProcess.get();
    private final List<StageDefinition> openStages = process.stages().stream()
            .filter(s -> !s.afterWin()).toList();
    private final StageDefinition afterWin = process.wonStage().orElseThrow();

    public History generate(Settings settings) {
        Random random = new Random(settings.seed());
        List<Rep> reps = reps(settings, random);
        List<Delivery> deliveries = new ArrayList<>();
        int dealNumber = 0;
        ZonedDateTime month = settings.start().atZone(ZoneOffset.UTC).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS);
        while (month.toInstant().isBefore(settings.end())) {
            double season = 1 + 0.25 * Math.cos(2 * Math.PI * (month.getMonthValue() - 11) / 12.0);
            for (Rep rep : reps) {
                int deals = poisson(random, settings.dealsPerRepPerMonth() * season);
                for (int d = 0; d < deals; d++) {
                    Instant opened = month.toInstant().plusSeconds((long) (random.nextDouble() * 28 * 86_400));
                    if (opened.isBefore(settings.start()) || !opened.isBefore(settings.end())) {
                        continue;
                    }
                    String id = String.format(Locale.ROOT, "OPP-%06d", ++dealNumber);
                    new Deal(id, rep, reps, settings, random, deliveries).live(opened);
                }
            }
            month = month.plusMonths(1);
        }
        deliveries.sort(Comparator.comparing(Delivery::deliveredAt)); // stable: a deal's facts keep their order
        return new History(reps, deliveries.stream().map(Delivery::event).toList());
    }

    private record Delivery(Instant deliveredAt, CrmEvent event) {
    }

    private static List<Rep> reps(Settings settings, Random random) {
        List<Rep> reps = new ArrayList<>();
        for (int i = 1; i <= settings.reps(); i++) {
            String region = REGIONS[(i - 1) % REGIONS.length];
            String team = "team-" + region + "-" + (1 + ((i - 1) / REGIONS.length) % settings.teamsPerRegion());
            reps.add(new Rep(String.format(Locale.ROOT, "rep-%02d", i), team, region, 0.6 + 0.8 * random.nextDouble(),
                    0.3 + 0.7 * random.nextDouble()));
        }
        return reps;
    }

    /** One opportunity's life, from opening until it is closed for good or the history ends. */
    private final class Deal {
        private final String id;
        private final List<Rep> reps;
        private final Settings settings;
        private final Random random;
        private final List<Delivery> out;
        private Rep owner;
        private int sequence;
        private long amount;
        private LocalDate closeDate;
        private boolean reassigned;

        Deal(String id, Rep owner, List<Rep> reps, Settings settings, Random random, List<Delivery> out) {
            this.id = id;
            this.owner = owner;
            this.reps = reps;
            this.settings = settings;
            this.random = random;
            this.out = out;
        }

        void live(Instant t) {
            int stage = random.nextDouble() < 0.2 ? 1 : 0;
            amount = Math.round(Math.exp(Math.log(30_000) + 0.8 * random.nextGaussian()) / 100) * 100 + 100;
            closeDate = LocalDate.ofInstant(t, ZoneOffset.UTC).plusDays(60 + random.nextInt(90));
            Map<String, Object> opened = fields("repId", owner.id(), "teamId", owner.teamId(),
                    "regionId", owner.regionId(), "accountId", "acct-" + random.nextInt(5_000),
                    "stage", openStages.get(stage).id().value(), "amount", amount, "currency", "USD",
                    "expectedCloseDate", closeDate.toString(), "source", SOURCES[random.nextInt(SOURCES.length)]);
            emit(t, "OpportunityOpened", opened, false);
            while (true) {
                Instant entered = t;
                t = t.plus(dwell(stage));
                if (!t.isBefore(settings.end())) {
                    recordMilestones(stage, entered, settings.end());
                    return; // still open when the history ends
                }
                recordMilestones(stage, entered, t);
                reviseWhileIn(entered, t);
                double exit = random.nextDouble();
                double lose = LOSE[stage] * (2 - owner.skill());
                if (exit < lose) {
                    emit(t, "OpportunityLost", fields("reason", LOSS_REASONS[random.nextInt(LOSS_REASONS.length)]),
                            false);
                    Instant reopened = t.plus(Duration.ofDays(10 + random.nextInt(50)));
                    if (random.nextDouble() < 0.03 && reopened.isBefore(settings.end())) {
                        stage = Math.max(0, stage - 1);
                        emit(reopened, "OpportunityReopened", fields("stage", openStages.get(stage).id().value()),
                                false);
                        t = reopened;
                        continue;
                    }
                    return;
                }
                boolean last = stage == openStages.size() - 1;
                boolean careless = random.nextDouble() < (1 - owner.discipline()) * 0.1;
                if (last || (stage == openStages.size() - 2 && careless)) {
                    win(t);
                    return;
                }
                if (stage >= 2 && exit < lose + 0.06) {
                    stage--;
                } else {
                    boolean skip = random.nextDouble() < (1 - owner.discipline()) * 0.25;
                    stage = Math.min(openStages.size() - 1, stage + (skip ? 2 : 1));
                }
                emit(t, "StageChanged", fields("toStage", openStages.get(stage).id().value()), false);
                if (stage >= 4) {
                    emit(t.plusSeconds(60), "ForecastCategorySet",
                            fields("category", stage == 5 ? "COMMIT" : "BEST_CASE"), true);
                    t = t.plusSeconds(60);
                }
            }
        }

        private void win(Instant t) {
            long finalAmount = Math.round(amount * (0.85 + 0.2 * random.nextDouble()) / 100) * 100;
            emit(t, "OpportunityWon", fields("amount", finalAmount), false);
            for (ExitCriterion criterion : afterWin.exitCriteria()) {
                Instant at = t.plus(Duration.ofDays(5 + random.nextInt(40)));
                if (random.nextDouble() < 0.7 && at.isBefore(settings.end())) {
                    emit(at, "MilestoneAchieved", milestone(criterion, false), false);
                }
            }
        }

        /** Disciplined reps record the buyer's milestones before they move a deal; others forget or assert. */
        private void recordMilestones(int stage, Instant from, Instant until) {
            for (ExitCriterion criterion : openStages.get(stage).exitCriteria()) {
                double chance = criterion.required() ? 0.45 + 0.5 * owner.discipline() : 0.3;
                if (random.nextDouble() < chance) {
                    Instant at = between(from, until);
                    emit(at, "MilestoneAchieved", milestone(criterion, random.nextDouble()
                            < (1 - owner.discipline()) * 0.3), true);
                }
            }
        }

        private Map<String, Object> milestone(ExitCriterion criterion, boolean sellerWordOnly) {
            EvidenceKind kind = sellerWordOnly ? EvidenceKind.SELLER_ASSERTION : criterion.evidence();
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("kind", kind.name());
            evidence.put("reference", "crm-activity-" + random.nextInt(1_000_000));
            if (kind != EvidenceKind.SELLER_ASSERTION) {
                evidence.put("buyerContact", "contact-" + random.nextInt(10_000) + "@buyer.example");
            }
            return fields("milestoneId", criterion.id().value(), "evidence", evidence, "actor", owner.id());
        }

        /** Amounts get revised, close dates slip, and now and then the deal changes hands. */
        private void reviseWhileIn(Instant from, Instant until) {
            if (random.nextDouble() < 0.15) {
                amount = Math.max(100, Math.round(amount * (0.8 + 0.4 * random.nextDouble()) / 100) * 100);
                emit(between(from, until), "AmountRevised", fields("amount", amount), true);
            }
            if (random.nextDouble() < 0.2) {
                closeDate = closeDate.plusDays(15 + random.nextInt(30));
                emit(between(from, until), "CloseDateRevised", fields("expectedCloseDate", closeDate.toString()),
                        true);
            }
            if (!reassigned && random.nextDouble() < settings.reassignShare()) {
                reassigned = true;
                owner = otherRep();
                emit(between(from, until), "OwnerReassigned", fields("repId", owner.id(), "teamId", owner.teamId(),
                        "regionId", owner.regionId()), false);
            }
        }

        /** Usually a teammate; one reassignment in five crosses teams. */
        private Rep otherRep() {
            List<Rep> candidates = reps.stream().filter(r -> r != owner
                    && (random.nextDouble() < 0.2 || r.teamId().equals(owner.teamId()))).toList();
            return candidates.isEmpty() ? owner : candidates.get(random.nextInt(candidates.size()));
        }

        private Duration dwell(int stage) {
            double days = DWELL_DAYS[stage] * Math.exp(0.6 * random.nextGaussian()) / Math.sqrt(owner.skill());
            return Duration.ofSeconds((long) (Math.max(0.5, days) * 86_400));
        }

        private Instant between(Instant from, Instant until) {
            long span = Math.max(1, Duration.between(from, until).getSeconds());
            return from.plusSeconds((long) (random.nextDouble() * span));
        }

        /** Facts that may come late are delivered days after they happened, a share of the time. */
        private void emit(Instant at, String type, Map<String, Object> fields, boolean mayComeLate) {
            Instant delivered = mayComeLate && random.nextDouble() < settings.backfillShare()
                    ? at.plus(Duration.ofDays(1 + random.nextInt(30))) : at;
            out.add(new Delivery(delivered, new CrmEvent(id + ":" + (++sequence), type, id, at, fields)));
        }
    }

    private static Map<String, Object> fields(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static int poisson(Random random, double mean) {
        int count = 0;
        double p = Math.exp(-mean);
        double product = random.nextDouble();
        while (product > p) {
            count++;
            product *= random.nextDouble();
        }
        return count;
    }
}
