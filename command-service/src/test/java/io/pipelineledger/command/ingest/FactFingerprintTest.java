package io.pipelineledger.command.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelineledger.events.EventJson;
import io.pipelineledger.command.api.ReviseAmountCommand;
import io.pipelineledger.command.api.WinOpportunityCommand;
import io.pipelineledger.events.ids.OpportunityId;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The fingerprint is of the parsed fact: how it was written does not matter, what it says does. */
class FactFingerprintTest {

    private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");
    private final CrmEventParser parser = new CrmEventParser(Clock.fixed(AT.plusSeconds(86_400), ZoneOffset.UTC),
            Duration.ofMinutes(5), "USD");
    private final ObjectMapper json = EventJson.mapper();

    @Test
    void sameFactWrittenDifferentlyHasOneFingerprint() throws Exception {
        String a = "{\"eventId\":\"e1\",\"type\":\"OpportunityOpened\",\"opportunityId\":\"O-1\","
                + "\"occurredAt\":\"2026-03-01T10:00:00Z\",\"repId\":\"rep-1\",\"stage\":\"prospecting\",\"amount\":10}";
        String b = "{ \"amount\" : 1.00E+1 , \"stage\":\"prospecting\", \"repId\":\"rep-1\",\n"
                + "\"occurredAt\":\"2026-03-01T11:00:00+01:00\",\"opportunityId\":\"O-1\",\"type\":\"OpportunityOpened\","
                + "\"eventId\":\"e1\",\"currency\":\"USD\"}";
        assertThat(fingerprint(b)).isEqualTo(fingerprint(a)).startsWith(FactFingerprint.VERSION + ":").hasSize(67);
    }

    @Test
    void anyDifferenceInWhatTheFactSaysChangesIt() throws Exception {
        String base = "{\"eventId\":\"e1\",\"type\":\"OpportunityOpened\",\"opportunityId\":\"O-1\","
                + "\"occurredAt\":\"2026-03-01T10:00:00Z\",\"repId\":\"rep-1\",\"stage\":\"prospecting\",\"amount\":10";
        String fingerprint = fingerprint(base + "}");
        assertThat(fingerprint(base.replace("O-1", "O-2") + "}")).isNotEqualTo(fingerprint);
        assertThat(fingerprint(base.replace("\"amount\":10", "\"amount\":10.01") + "}")).isNotEqualTo(fingerprint);
        assertThat(fingerprint(base + ",\"currency\":\"EUR\"}")).isNotEqualTo(fingerprint);
        assertThat(fingerprint(base + ",\"teamId\":\"team-1\"}")).isNotEqualTo(fingerprint);
        assertThat(fingerprint(base.replace("10:00:00Z", "10:00:01Z") + "}")).isNotEqualTo(fingerprint);
    }

    @Test
    void theKindOfFactIsPartOfIt() {
        OpportunityId deal = new OpportunityId("O-1");
        assertThat(FactFingerprint.of(new ReviseAmountCommand("e1", deal, AT, new BigDecimal("5"))))
                .isNotEqualTo(FactFingerprint.of(new WinOpportunityCommand("e1", deal, AT, new BigDecimal("5"))));
    }

    @Test
    void storedMetadataIsReadForTheFingerprintAndOldEventsHaveNone() {
        assertThat(RecordedEventIds.fingerprintIn("{\"traceId\":\"x\",\"ledger-fingerprint\":\"v1:ab\"}".getBytes()))
                .isEqualTo("v1:ab");
        assertThat(RecordedEventIds.fingerprintIn("{\"nested\":{\"ledger-fingerprint\":\"no\"}}".getBytes())).isNull();
        assertThat(RecordedEventIds.fingerprintIn("{}".getBytes())).isNull();
        assertThat(RecordedEventIds.fingerprintIn(null)).isNull();
        assertThat(RecordedEventIds.fingerprintIn("not json".getBytes())).isNull();
        assertThat(FactFingerprint.sameFact(null, "v1:ab")).as("unknown content: a duplicate, as before").isTrue();
        assertThat(FactFingerprint.sameFact("v1:cd", "v1:ab")).isFalse();
    }

    private String fingerprint(String event) throws Exception {
        return FactFingerprint.of(parser.parse(json.readTree(event)));
    }
}
