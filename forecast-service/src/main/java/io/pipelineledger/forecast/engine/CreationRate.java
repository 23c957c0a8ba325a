package io.pipelineledger.forecast.engine;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * How fast reps open deals, learned from the openings in the learning window.
 *
 * <p>Seasonality: a month-of-year factor for the company, {@code f_m = (n_m + c) / (rho * E_m + c)}, where n_m are the
 * window's openings in calendar month m, E_m the window's days in month m, rho the window's openings per day and
 * c = {@link ForecastSettings#seasonalityStrength()} (so months with little data stay near 1).
 *
 * <p>Rates: a rep's deseasonalized rate per day is {@code (n_rep + b * rate_team) / (E_rep + b)}, where E_rep is the
 * rep's season-weighted exposure (days from the rep's first opening, or the window's start if later, to as-of, each
 * day weighted by its month's factor) and b = {@link ForecastSettings#rateStrengthDays()}; a team's per-rep rate
 * shrinks the same way toward the company's. Reps belong to their latest team. Expected openings over [u, v) are
 * the rate times the season-weighted days in [u, v).
 *
 * <p>Recency: an opening at t weighs w(t) = 2^(-(asOf - t) / halfLife) and so does each instant of exposure: n and E
 * above (and n_m, E_m, rho) are weighted openings and weighted days, E integrating w exactly over each day, so a
 * rate is weighted openings / weighted exposure. The strengths b and c stay pseudo-days and pseudo-openings at as-of.
 */
public final class CreationRate {

    private static final double DAY_NANOS = 86_400e9;
    private static final double LN2 = Math.log(2);

    /** One rep's creation rate and the data behind it. */
    public record RepRate(String repId, String teamId, double openings, double exposureDays, double ratePerDay) {
        // openings and exposureDays are recency-weighted (plain counts and days without decay)
    }

    private final double[] monthFactor; // index 1..12
    private final Map<String, RepRate> reps;

    private CreationRate(double[] monthFactor, Map<String, RepRate> reps) {
        this.monthFactor = monthFactor;
        this.reps = reps;
    }

    public double seasonalFactor(int month) {
        return monthFactor[month];
    }

    public RepRate rep(String repId) {
        return reps.get(repId);
    }

    /** Season-weighted days in [from, to): each day counts its month's factor. */
    public double seasonalDays(Instant from, Instant to) {
        double total = 0;
        long a = DealHistory.nanos(from);
        long b = DealHistory.nanos(to);
        while (a < b) {
            LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(a, (long) DAY_NANOS));
            long dayEnd = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000_000L;
            long end = Math.min(dayEnd, b);
            total += (end - a) / DAY_NANOS * monthFactor[day.getMonthValue()];
            a = end;
        }
        return total;
    }

    static final class Builder {
        private final long windowStart;
        private final long cut;
        private final double halfLifeDays;
        private final double[] monthOpenings = new double[13];
        private final Map<String, Double> openings = new HashMap<>();
        private final Map<String, Long> firstOpening = new HashMap<>();
        private long earliest = Long.MAX_VALUE;

        Builder(long windowStart, long cut) {
            this(windowStart, cut, Double.POSITIVE_INFINITY);
        }

        Builder(long windowStart, long cut, double halfLifeDays) {
            this.windowStart = windowStart;
            this.cut = cut;
            this.halfLifeDays = halfLifeDays;
        }

        void opened(String rep, long at) {
            earliest = Math.min(earliest, at);
            firstOpening.merge(rep, at, Math::min);
            if (at >= windowStart) {
                double w = weight(at);
                openings.merge(rep, w, Double::sum);
                monthOpenings[LocalDate.ofEpochDay(Math.floorDiv(at, (long) DAY_NANOS)).getMonthValue()] += w;
            }
        }

        private double weight(long at) {
            return Double.isInfinite(halfLifeDays) ? 1
                    : Math.pow(0.5, Math.max(0, (cut - at) / DAY_NANOS) / halfLifeDays);
        }

        /** The integral of the recency weight over [a, b), in days; b - a without decay. */
        private double weightedDays(long a, long b) {
            if (Double.isInfinite(halfLifeDays)) {
                return (b - a) / DAY_NANOS;
            }
            // w(b) * integral of 2^(-x / h) over the segment's length, with expm1 so a very long half-life stays exact
            double days = (b - a) / DAY_NANOS;
            return weight(b) * halfLifeDays / LN2 * -Math.expm1(-days * LN2 / halfLifeDays);
        }

        /** Season- and recency-weighted days in [from, cut). */
        private double exposure(long from, double[] factor) {
            double total = 0;
            for (long a = from; a < cut; ) {
                LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(a, (long) DAY_NANOS));
                long end = Math.min(day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000_000L,
                        cut);
                total += weightedDays(a, end) * factor[day.getMonthValue()];
                a = end;
            }
            return total;
        }

        CreationRate build(Map<String, String> repTeams, double seasonalityStrength, double strengthDays) {
            double[] factor = new double[13];
            java.util.Arrays.fill(factor, 1);
            if (earliest == Long.MAX_VALUE) {
                return new CreationRate(factor, Map.of());
            }
            long start = Math.max(windowStart, earliest);
            double[] monthDays = new double[13];
            double totalDays = 0;
            for (long a = start; a < cut; ) {
                LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(a, (long) DAY_NANOS));
                long end = Math.min(day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000_000L,
                        cut);
                double d = weightedDays(a, end);
                monthDays[day.getMonthValue()] += d;
                totalDays += d;
                a = end;
            }
            double total = 0;
            for (int m = 1; m <= 12; m++) {
                total += monthOpenings[m];
            }
            double perDay = totalDays > 0 ? total / totalDays : 0;
            for (int m = 1; m <= 12; m++) {
                double expected = perDay * monthDays[m];
                factor[m] = (monthOpenings[m] + seasonalityStrength) / (expected + seasonalityStrength);
            }
            // season-weighted exposure per rep, then rates shrunk rep -> team -> company
            Map<String, Double> exposure = new TreeMap<>();
            firstOpening.forEach((rep, first) -> exposure.put(rep, exposure(Math.max(first, start), factor)));
            Map<String, double[]> teams = new TreeMap<>(); // team -> {openings, exposure}
            double companyOpenings = 0;
            double companyExposure = 0;
            for (Map.Entry<String, Double> e : exposure.entrySet()) {
                double n = openings.getOrDefault(e.getKey(), 0.0);
                double[] t = teams.computeIfAbsent(repTeams.getOrDefault(e.getKey(), Owner.NONE), k -> new double[2]);
                t[0] += n;
                t[1] += e.getValue();
                companyOpenings += n;
                companyExposure += e.getValue();
            }
            double companyRate = companyExposure > 0 ? companyOpenings / companyExposure : 0;
            Map<String, RepRate> reps = new HashMap<>();
            for (Map.Entry<String, Double> e : exposure.entrySet()) {
                String rep = e.getKey();
                String team = repTeams.getOrDefault(rep, Owner.NONE);
                double[] t = teams.get(team);
                double teamRate = (t[0] + strengthDays * companyRate) / (t[1] + strengthDays);
                double n = openings.getOrDefault(rep, 0.0);
                double rate = (n + strengthDays * teamRate) / (e.getValue() + strengthDays);
                reps.put(rep, new RepRate(rep, team, n, e.getValue(), rate));
            }
            return new CreationRate(factor, reps);
        }
    }
}
