package io.pipelineledger.command.ingest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.pipelineledger.command.api.OpportunityCommand;
import io.pipelineledger.events.EventJson;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What an idempotency key stands for: the SHA-256 of a canonical form of the parsed fact (its command), not of the
 * posted bytes. Whitespace, key order, {@code 10} versus {@code 10.00}, or an instant written with another offset
 * give the same fingerprint; any difference in what the fact says gives another one. Stored with the recorded event
 * (metadata {@value #METADATA_KEY}) so that the same eventId posted with other content can be told from a retry.
 *
 * <p>Canonical form: {@code <type>:} followed by the command as JSON in the event contract's form, properties
 * sorted by name, absent optional fields left out, decimals without trailing zeros. Prefixed with the form's version
 * ({@value #VERSION}) so that a later form can still accept older fingerprints.
 */
public final class FactFingerprint {

    public static final String METADATA_KEY = "ledger-fingerprint";
    static final String VERSION = "v1";

    private static final ObjectMapper CANONICAL = EventJson.configure(JsonMapper.builder()
                    .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                    .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                    .build())
            .registerModule(new SimpleModule("canonical-decimals").addSerializer(new CanonicalDecimal()));

    private FactFingerprint() {
    }

    public static String of(OpportunityCommand command) {
        try {
            byte[] canonical = (command.getClass().getSimpleName() + ":" + CANONICAL.writeValueAsString(command))
                    .getBytes(StandardCharsets.UTF_8);
            return VERSION + ":" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("fact " + command.eventId() + " has no canonical form", e);
        }
    }

    /** The same fact, or a stored id from before fingerprints (unknown content: taken as the same, as it was). */
    public static boolean sameFact(String stored, String posted) {
        return stored == null || stored.equals(posted);
    }

    /** {@code 1E+1}, {@code 10} and {@code 10.00} are one amount. */
    private static final class CanonicalDecimal extends StdSerializer<BigDecimal> {
        CanonicalDecimal() {
            super(BigDecimal.class);
        }

        @Override
        public void serialize(BigDecimal value, JsonGenerator out, SerializerProvider provider)
                throws java.io.IOException {
            out.writeString(value.signum() == 0 ? "0" : value.stripTrailingZeros().toString());
        }
    }
}
