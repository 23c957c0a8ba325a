package io.pipelineledger.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FastInstantDeserializerTest {

    @Test
    void readsWhatJavaTimeReadsForTheCanonicalForm() {
        Random random = new Random(3);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-2_000_000_000L, 200_000_000_000L),
                    i % 3 == 0 ? 0 : random.nextInt(1_000_000_000));
            if (i % 5 == 0) {
                instant = Instant.ofEpochMilli(instant.toEpochMilli());
            }
            String text = instant.toString();
            Instant expected = Instant.parse(text);
            Instant fast = FastInstantDeserializer.parse(text);
            assertThat(fast == null ? expected : fast).as(text).isEqualTo(expected);
            if (text.length() >= 20 && text.length() <= 30 && !text.startsWith("+") && !text.startsWith("-")) {
                assertThat(fast).as(text).isEqualTo(expected);
            }
        }
        assertThat(FastInstantDeserializer.parse("2024-02-29T23:59:59.5Z")).isEqualTo(Instant.parse("2024-02-29T23:59:59.5Z"));
    }

    @Test
    void leavesEverythingElseToJackson() throws Exception {
        for (String odd : new String[]{"2026-02-30T10:00:00Z", "2026-13-01T10:00:00Z", "2026-03-01T24:00:00Z",
                "2026-03-01T10:00:00", "2026-03-01T10:00:00+01:00", "2026-03-01T10:00:00.Z", "2026-03-01t10:00:00Z",
                "2026-03-01T10:00:00.1234567890Z", "x026-03-01T10:00:00Z"}) {
            assertThat(FastInstantDeserializer.parse(odd)).as(odd).isNull();
        }
        ObjectMapper json = EventJson.mapper();
        assertThat(json.readValue("\"2026-03-01T10:00:00+01:00\"", Instant.class))
                .isEqualTo(Instant.parse("2026-03-01T09:00:00Z"));
        assertThat(json.readValue("\"2026-03-01T10:00:00.250Z\"", Instant.class))
                .isEqualTo(Instant.parse("2026-03-01T10:00:00.250Z"));
        assertThatThrownBy(() -> json.readValue("\"2026-02-30T10:00:00Z\"", Instant.class))
                .isInstanceOf(com.fasterxml.jackson.core.JsonProcessingException.class);
    }
}
