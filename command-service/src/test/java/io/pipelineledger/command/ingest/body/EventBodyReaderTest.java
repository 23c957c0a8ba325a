package io.pipelineledger.command.ingest.body;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.pipelineledger.command.ingest.BadRequestBodyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The streaming body reader: limits as the bytes come, strict UTF-8, duplicate keys, any chunking. */
class EventBodyReaderTest {

    private static final BodyLimits LIMITS = new BodyLimits(10, 10_000);
    private static final String EVENTS = "[{\"eventId\":\"e1\",\"amount\":12.50,\"evidence\":{\"kind\":\"x\"}},"
            + "{\"eventId\":\"e2\",\"n\":[1,2,{\"a\":null}],\"big\":12345678901234567890},7,\"text\"]";

    @Test
    void anArrayReadByteByByteIsTheSameAsReadWhole() {
        byte[] body = EVENTS.getBytes(StandardCharsets.UTF_8);
        List<RawEvent> whole = read(false, body);
        EventBodyReader reader = EventBodyReader.of(false, LIMITS, JsonNodeFactory.instance);
        for (int i = 0; i < body.length; i++) {
            reader.feed(body, i, i + 1);
        }
        List<RawEvent> bytewise = reader.finish();
        assertThat(bytewise).hasSize(4).isEqualTo(whole);
        assertThat(whole.get(0).node().path("amount").decimalValue()).isEqualByComparingTo("12.50");
        assertThat(whole.get(1).node().path("big").bigIntegerValue()).hasToString("12345678901234567890");
        assertThat(whole.get(2).node().intValue()).isEqualTo(7);
        assertThat(reader.array()).isTrue();
    }

    @Test
    void oneObjectIsOneEvent() {
        EventBodyReader reader = EventBodyReader.of(false, LIMITS, JsonNodeFactory.instance);
        byte[] body = "{\"eventId\":\"e1\"}".getBytes(StandardCharsets.UTF_8);
        reader.feed(body, 0, body.length);
        assertThat(reader.finish()).singleElement().satisfies(e -> assertThat(e.node().path("eventId").asText())
                .isEqualTo("e1"));
        assertThat(reader.array()).isFalse();
    }

    @Test
    void moreEventsThanTheLimitAreRefusedAtTheFirstOneOver() {
        EventBodyReader reader = EventBodyReader.of(false, LIMITS, JsonNodeFactory.instance);
        byte[] start = ("[{}" + ",{}".repeat(9)).getBytes(StandardCharsets.UTF_8);
        reader.feed(start, 0, start.length);
        byte[] more = ",{}".getBytes(StandardCharsets.UTF_8);
        BadRequestBodyException refused = catchThrowableOfType(BadRequestBodyException.class,
                () -> reader.feed(more, 0, more.length));
        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.getMessage()).contains("at most 10 events");
    }

    @Test
    void moreBytesThanTheLimitAreRefusedAtTheChunkThatCrossesIt() {
        EventBodyReader reader = EventBodyReader.of(false, LIMITS, JsonNodeFactory.instance);
        byte[] spaces = " ".repeat(6_000).getBytes(StandardCharsets.UTF_8);
        reader.feed(spaces, 0, spaces.length);
        assertThat(catchThrowableOfType(BadRequestBodyException.class, () -> reader.feed(spaces, 0, spaces.length))
                .status()).isEqualTo(413);
    }

    @Test
    void aNumberOfMoreThanFortyCharactersRefusesTheBodyNamingTheField() {
        BadRequestBodyException refused = refused(false, "[{\"eventId\":\"e1\"},{\"amount\":" + "9".repeat(41) + "}]");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.field()).isEqualTo("amount");
        assertThat(refused.getMessage()).contains("more than 40 characters").contains("event 1");
        assertThat(read(false, "[{\"amount\":" + "9".repeat(40) + "}]")).hasSize(1);
    }

    @Test
    void nestingDeeperThanSixteenLevelsRefusesTheBody() {
        assertThat(read(false, "[" + "[".repeat(15) + "]".repeat(15) + "]")).hasSize(1);
        BadRequestBodyException refused = refused(false, "[{\"evidence\":" + "[".repeat(15) + "]".repeat(15) + "}]");
        assertThat(refused.getMessage()).contains("deeper than 16");
        assertThat(refused.field()).startsWith("evidence");
    }

    @Test
    void aKeyGivenTwiceRefusesOnlyItsEvent() {
        List<RawEvent> events = read(false, "[{\"eventId\":\"a\",\"evidence\":{\"kind\":\"x\",\"kind\":\"y\"}},"
                + "{\"eventId\":\"b\"}]");
        assertThat(events.get(0).unreadable().field()).isEqualTo("evidence.kind");
        assertThat(events.get(0).unreadable().getMessage()).contains("given twice");
        assertThat(events.get(0).node().path("eventId").asText()).isEqualTo("a");
        assertThat(events.get(1).unreadable()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"C0AF", "C1BF", "E080AF", "EDA080", "EDBFBF", "F08080AF", "F4908080", "F5808080", "80",
            "BF", "FE", "FF", "C328", "E282"})
    void bytesThatAreNotUtf8RefuseTheBodyNamingTheField(String hex) {
        byte[] body = concat("[{\"eventId\":\"a\",\"source\":\"x", HexFormat.of().parseHex(hex), "\"}]");
        BadRequestBodyException refused = catchThrowableOfType(BadRequestBodyException.class, () -> read(false, body));
        assertThat(refused).as(hex).isNotNull();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.field()).isEqualTo("source");
        assertThat(refused.getMessage()).contains("UTF-8");
    }

    @Test
    void wellFormedUtf8IsRead() {
        String text = "é€𝄞Ω";
        assertThat(read(false, "[{\"source\":\"" + text + "\"}]").get(0).node().path("source").asText())
                .isEqualTo(text);
    }

    @Test
    void ndjsonLinesStandOrFallAlone() {
        byte[] body = concat("{\"eventId\":\"a\"}\n\n  \r\n{\"eventId\":\"b\",\"eventId\":\"c\"}\r\n{broken\n"
                + "{\"amount\":" + "1".repeat(50) + "}\n{\"source\":\"", HexFormat.of().parseHex("C0AF"),
                "\"}\n{\"eventId\":\"d\"} {\"eventId\":\"e\"}\n{\"eventId\":\"f\"}");
        List<RawEvent> events = read(true, body);
        assertThat(events).hasSize(7);
        assertThat(events.get(0).unreadable()).isNull();
        assertThat(events.get(1).unreadable().field()).isEqualTo("eventId");
        assertThat(events.get(2).unreadable().getMessage()).contains("not valid JSON");
        assertThat(events.get(3).unreadable().field()).isEqualTo("amount");
        assertThat(events.get(4).unreadable().getMessage()).contains("UTF-8");
        assertThat(events.get(4).unreadable().field()).isEqualTo("source");
        assertThat(events.get(5).unreadable().getMessage()).contains("more than one JSON value");
        assertThat(events.get(6).node().path("eventId").asText()).isEqualTo("f");
    }

    @Test
    void anNdjsonBodyWithNoReadableLineIsRefusedWithTheFirstReason() {
        BadRequestBodyException refused = refused(true, "{\"amount\":" + "1".repeat(1_000) + "}\n");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.field()).isEqualTo("amount");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "[", "[{}", "{\"a\":", "]", "\"text\"", "42", "[] []", "[]]", "{} x"})
    void bodiesThatAreNotAnEventArrayAreRefused(String body) {
        assertThat(refused(false, body).status()).isEqualTo(400);
    }

    private static List<RawEvent> read(boolean ndjson, String body) {
        return read(ndjson, body.getBytes(StandardCharsets.UTF_8));
    }

    private static List<RawEvent> read(boolean ndjson, byte[] body) {
        EventBodyReader reader = EventBodyReader.of(ndjson, LIMITS, JsonNodeFactory.instance);
        reader.feed(body, 0, body.length);
        return reader.finish();
    }

    private static BadRequestBodyException refused(boolean ndjson, String body) {
        BadRequestBodyException refused = catchThrowableOfType(BadRequestBodyException.class,
                () -> read(ndjson, body));
        assertThat(refused).as("refusal of %s", body).isNotNull();
        return refused;
    }

    private static byte[] concat(String before, byte[] middle, String after) {
        byte[] a = before.getBytes(StandardCharsets.UTF_8);
        byte[] c = after.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[a.length + middle.length + c.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(middle, 0, all, a.length, middle.length);
        System.arraycopy(c, 0, all, a.length + middle.length, c.length);
        return all;
    }
}
