package io.pipelineledger.forecast.engine;

import io.pipelineledger.events.period.BusinessPeriod;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The instants inside a period a backtest forecasts it as of (each one learned and read as of that instant).
 *
 * <ul>
 *   <li>{@link #START}: the period's start only (the backtest as it always was).</li>
 *   <li>{@link #THIRDS}: the start, {@code third} = start + round(n/3) days and {@code two-thirds} = start +
 *   round(2n/3) days, n = the period's length in days, rounded half up (a quarter of 92 days: days 31 and 61; of
 *   90 days: 30 and 60; a 31-day month: 10 and 21; a week: 2 and 5). Periods start at midnight UTC, so every point
 *   is a day start UTC.</li>
 *   <li>{@link #WEEKLY} (quarters only): the start and {@code week-k} = start + 7·k days for k = 1, 2, … while
 *   before the period's end (week-12 in every quarter; week-13, day 91, in the 92-day quarters only).</li>
 * </ul>
 */
public enum BacktestPoints {
    START, THIRDS, WEEKLY;

    /** One as-of inside a period: its name in rows and in {@code byPoint}, and the instant. */
    public record Point(String name, Instant at) {
    }

    public static final String START_POINT = "start";

    /** {@code start}, {@code thirds} or {@code weekly} (any case); empty for anything else. */
    public static Optional<BacktestPoints> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (BacktestPoints p : values()) {
            if (p.name().equalsIgnoreCase(text.trim())) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Whether these points are defined for periods of that granularity (weekly points: quarters only). */
    public boolean fits(BusinessPeriod.Granularity granularity) {
        return this != WEEKLY || granularity == BusinessPeriod.Granularity.QUARTER;
    }

    /** The points in {@code period}, the start first, in time order. */
    public List<Point> in(BusinessPeriod period) {
        if (!fits(period.granularity())) {
            throw new IllegalArgumentException("weekly points are for quarters, not " + period.key());
        }
        List<Point> points = new ArrayList<>();
        points.add(new Point(START_POINT, period.start()));
        if (this == THIRDS) {
            long days = Duration.between(period.start(), period.end()).toDays();
            points.add(new Point("third", period.start().plus(Math.round(days / 3.0), ChronoUnit.DAYS)));
            points.add(new Point("two-thirds", period.start().plus(Math.round(2 * days / 3.0), ChronoUnit.DAYS)));
        } else if (this == WEEKLY) {
            for (int k = 1; period.start().plus(7L * k, ChronoUnit.DAYS).isBefore(period.end()); k++) {
                points.add(new Point("week-" + k, period.start().plus(7L * k, ChronoUnit.DAYS)));
            }
        }
        return points;
    }

    /** As in the request parameter. */
    public String parameter() {
        return name().toLowerCase(Locale.ROOT);
    }
}
