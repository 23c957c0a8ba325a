package io.pipelineledger.events.period;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** How the ledger reads a business time given as text: an ISO-8601 instant or offset date-time, or a date (its start, UTC). */
public final class BusinessTime {

    private BusinessTime() {
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
