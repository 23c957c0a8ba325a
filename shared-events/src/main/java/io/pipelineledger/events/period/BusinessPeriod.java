package io.pipelineledger.events.period;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A calendar period finance and sales leaders speak in: a quarter ({@code 2026-Q4}), a month ({@code 2026-11})
 * or an ISO week ({@code 2026-W47}), in UTC, as the half-open interval [start, end).
 */
public record BusinessPeriod(String key, Granularity granularity, Instant start, Instant end) {

    public enum Granularity { WEEK, MONTH, QUARTER }

    private static final Pattern QUARTER = Pattern.compile("(\\d{4})-Q([1-4])");
    private static final Pattern MONTH = Pattern.compile("(\\d{4})-(0[1-9]|1[0-2])");
    private static final Pattern WEEK = Pattern.compile("(\\d{4})-W(0[1-9]|[1-4]\\d|5[0-3])");

    /** Empty when the text is none of the three forms (or names a week 53 the year does not have). */
    public static Optional<BusinessPeriod> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m;
        if ((m = QUARTER.matcher(text)).matches()) {
            LocalDate start = LocalDate.of(Integer.parseInt(m.group(1)), 3 * Integer.parseInt(m.group(2)) - 2, 1);
            return Optional.of(of(text, Granularity.QUARTER, start, start.plusMonths(3)));
        }
        if ((m = MONTH.matcher(text)).matches()) {
            LocalDate start = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), 1);
            return Optional.of(of(text, Granularity.MONTH, start, start.plusMonths(1)));
        }
        if ((m = WEEK.matcher(text)).matches()) {
            int year = Integer.parseInt(m.group(1));
            int week = Integer.parseInt(m.group(2));
            LocalDate mid = LocalDate.of(year, 6, 1);
            if (week > mid.range(IsoFields.WEEK_OF_WEEK_BASED_YEAR).getMaximum()) {
                return Optional.empty();
            }
            LocalDate start = mid.with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week).with(DayOfWeek.MONDAY);
            return Optional.of(of(text, Granularity.WEEK, start, start.plusWeeks(1)));
        }
        return Optional.empty();
    }

    /** The period of the given granularity that contains {@code at}. */
    public static BusinessPeriod containing(Instant at, Granularity granularity) {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        return switch (granularity) {
            case QUARTER -> parse(day.getYear() + "-Q" + ((day.getMonthValue() - 1) / 3 + 1)).orElseThrow();
            case MONTH -> parse(String.format(Locale.ROOT, "%d-%02d", day.getYear(), day.getMonthValue())).orElseThrow();
            case WEEK -> parse(String.format(Locale.ROOT, "%d-W%02d", day.get(IsoFields.WEEK_BASED_YEAR),
                    day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR))).orElseThrow();
        };
    }

    public boolean contains(Instant at) {
        return !at.isBefore(start) && at.isBefore(end);
    }

    public BusinessPeriod next() {
        return containing(end, granularity);
    }

    private static BusinessPeriod of(String key, Granularity granularity, LocalDate start, LocalDate end) {
        return new BusinessPeriod(key, granularity, start.atStartOfDay(ZoneOffset.UTC).toInstant(),
                end.atStartOfDay(ZoneOffset.UTC).toInstant());
    }
}
