package io.pipelineledger.events.period;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** How the ledger reads a business time given as text: an ISO-8601 instant or offset date-time, or a date (its start, UTC). */
public final class BusinessTime {

    /** The business times the ledger answers for: 1970-01-01 to the end of 9999 (UTC), as facts are bounded too. */
    public static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    /** Exclusive: the first instant past the supported range. */
    public static final Instant BEYOND = Instant.parse("+10000-01-01T00:00:00Z");
    public static final String RANGE = "from 1970-01-01 to 9999-12-31 (UTC)";

    private BusinessTime() {
    }

    /** Within {@link #EARLIEST} and {@link #BEYOND}: date arithmetic on it cannot overflow. */
    public static boolean supported(Instant at) {
        return !at.isBefore(EARLIEST) && at.isBefore(BEYOND);
    }

    /** Empty when the text is neither. */
    public static Optional<Instant> parse(String text) {
        try {
            if (text.length() == 10) {
                return Optional.of(LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant());
            }
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
