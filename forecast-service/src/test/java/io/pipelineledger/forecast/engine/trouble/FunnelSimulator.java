package io.pipelineledger.forecast.engine.trouble;

import io.pipelineledger.forecast.engine.trouble.SimulatedDeal.Kind;
import io.pipelineledger.forecast.engine.trouble.SimulatedDeal.Step;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded stage-by-stage funnel: deals are created by a (time-varying) Poisson process, sit in each open stage for a
 * gamma(2) time, then advance with the stage's probability (times a time-dependent factor: the place where the
 * generators put their trouble) or are lost; advancing from the last open stage is the win. Deterministic for a
 * seed; facts after {@code end} are cut (the ledger has not seen them yet).
 */
final class FunnelSimulator {

    /** A multiplier on a stage's conversion for a move at {@code at}; 1 = as configured. */
    interface ConversionFactor {
        double at(Instant at, int stage, int stages);
    }

    /** Deals created per day at a day. */
    interface CreationRate {
        double perDay(Instant day);
    }

    enum CloseDates {
        /** None ever set (an export without expected close dates). */
        NONE,
        /** The rep's estimate of the remaining time, noisy, revised when it is about to pass. */
        ESTIMATE,
        /** The end of a quarter, often one too early, slipping to the next quarter's end when missed. */
        QUARTER_END
    }

    private static final double DAY_SECONDS = 86_400;

    Instant start;
    Instant end;
    int reps = 30;
    int teams = 3;
    double[] advance = {0.70, 0.75, 0.80, 0.80, 0.85, 0.90};
    double[] dwellDays = {10, 15, 20, 15, 15, 10};
    CreationRate creation = day -> 11;
    ConversionFactor conversion = (at, stage, stages) -> 1;
    CloseDates closeDates = CloseDates.ESTIMATE;
    double amountMedian = 20_000;
    double amountSigma = 0.4;
    /** Share of deals that, wherever they are, stop moving: never won nor lost. */
    double staleShare;
    /** Share of deals that run through the funnel {@code fastFactor} times quicker (the rest {@code slowFactor}). */
    double fastShare;
    double fastFactor = 1;
    double slowFactor = 1;
    /** Multiplies every creation rate: smaller (or larger) histories of the same shape. */
    double scale = 1;
    /** Share of wins not due in the quarter's last two weeks that are held until then (the end-of-quarter push). */
    double pushShare;

    FunnelSimulator(Instant start, Instant end) {
        this.start = start;
        this.end = end;
    }

    List<SimulatedDeal> run(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<SimulatedDeal> deals = new ArrayList<>();
        for (Instant day = start; day.isBefore(end); day = day.plus(Duration.ofDays(1))) {
            int n = poisson(random, scale * creation.perDay(day));
            for (int i = 0; i < n; i++) {
                Instant opened = day.plusSeconds((long) (random.nextDouble() * DAY_SECONDS));
                SimulatedDeal deal = deal(String.format("d%06d", deals.size()), opened, random);
                if (deal != null) {
                    deals.add(deal);
                }
            }
        }
        return deals;
    }

    private SimulatedDeal deal(String id, Instant opened, SplittableRandom random) {
        int rep = random.nextInt(reps);
        double amount = amountMedian * Math.exp(amountSigma * gaussian(random));
        double speed = random.nextDouble() < fastShare ? fastFactor : slowFactor;
        boolean stale = random.nextDouble() < staleShare;
        List<Step> steps = new ArrayList<>();
        LocalDate close = firstCloseDate(opened, 0, speed, random);
        steps.add(new Step(opened, Kind.OPENED, 0, close));
        Instant t = opened;
        int stage = 0;
        int stages = advance.length;
        while (true) {
            double dwell = dwellDays[stage] * speed * gamma2(random);
            Instant next = t.plusSeconds((long) (dwell * DAY_SECONDS));
            boolean advances = random.nextDouble() < advance[stage] * conversion.at(next, stage, stages);
            if (!advances) {
                steps.add(new Step(next, Kind.LOST, stage, null));
                break;
            }
            if (stage == stages - 1) {
                steps.add(new Step(pushed(next, random), Kind.WON, stage, null));
                break;
            }
            stage++;
            t = next;
            steps.add(new Step(t, Kind.STAGE, stage, null));
            if (close != null && !close.isAfter(day(t).plusDays(7))) {
                close = revisedCloseDate(t, stage, speed, random);
                steps.add(new Step(t, Kind.CLOSE_DATE, stage, close));
            }
        }
        if (stale) {
            steps.remove(steps.size() - 1);
        }
        steps.removeIf(s -> !s.at().isBefore(end));
        return steps.isEmpty() ? null : new SimulatedDeal(id, rep, amount, List.copyOf(steps));
    }

    private LocalDate firstCloseDate(Instant at, int stage, double speed, SplittableRandom random) {
        return switch (closeDates) {
            case NONE -> null;
            case ESTIMATE -> estimate(at, stage, speed, random);
            case QUARTER_END -> {
                LocalDate q = quarterEnd(estimate(at, stage, speed, random));
                LocalDate optimistic = quarterEnd(q.minusMonths(3));
                yield random.nextDouble() < 0.5 && optimistic.isAfter(day(at)) ? optimistic : q;
            }
        };
    }

    private LocalDate revisedCloseDate(Instant at, int stage, double speed, SplittableRandom random) {
        LocalDate e = estimate(at, stage, speed, random);
        return closeDates == CloseDates.QUARTER_END ? quarterEnd(e) : e;
    }

    private LocalDate estimate(Instant at, int stage, double speed, SplittableRandom random) {
        double remaining = 0;
        for (int s = stage; s < dwellDays.length; s++) {
            remaining += dwellDays[s];
        }
        return day(at).plusDays(Math.max(1, Math.round(remaining * speed * Math.exp(0.35 * gaussian(random)))));
    }

    /** The end-of-quarter push: a win due before the quarter's last two weeks is held until then. */
    private Instant pushed(Instant win, SplittableRandom random) {
        if (pushShare <= 0) {
            return win;
        }
        Instant quarterEnd = quarterEnd(day(win)).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant lastTwoWeeks = quarterEnd.minus(Duration.ofDays(14));
        if (win.isBefore(lastTwoWeeks) && random.nextDouble() < pushShare) {
            return lastTwoWeeks.plusSeconds((long) (random.nextDouble() * 14 * DAY_SECONDS));
        }
        return win;
    }

    static LocalDate quarterEnd(LocalDate d) {
        int firstMonth = (d.getMonthValue() - 1) / 3 * 3 + 1;
        return LocalDate.of(d.getYear(), firstMonth, 1).plusMonths(3).minusDays(1);
    }

    static LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    /** Gamma(shape 2, mean 1): less memoryless than an exponential, like real stage times. */
    private static double gamma2(SplittableRandom random) {
        return (-Math.log(1 - random.nextDouble()) - Math.log(1 - random.nextDouble())) / 2;
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** Knuth's method; rates here are small (a few dozen a day at most). */
    private static int poisson(SplittableRandom random, double mean) {
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int n = 0;
        while (product > limit) {
            product *= random.nextDouble();
            n++;
        }
        return n;
    }
}
