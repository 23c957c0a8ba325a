package io.pipelineledger.events.web;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Jackson's refusals told as the field at fault and the expected shape, never a Java type's name. */
class JsonProblemsTest {

    record Stage(String id, Integer order) {
    }

    record Body(String period, BigDecimal override, List<Stage> stages) {
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @Test
    void namesThePathAndTheExpectedShape() {
        assertFound("{\"period\":{}}", "period", "period must be a string");
        assertFound("{\"override\":\"abc\"}", "override", "override must be a number (was 'abc')");
        assertFound("{\"stages\":[{\"id\":\"a\",\"order\":\"x\"}]}", "stages[0].order",
                "stages[0].order must be a whole number (was 'x')");
        assertFound("{\"stages\":[{\"id\":\"a\",\"order\":99999999999}]}", "stages[0].order",
                "stages[0].order is out of range");
        assertFound("[1]", "body", "the body must be an object");
        assertFound("{\"teamID\":1}", "teamID", "unknown field teamID");
    }

    @Test
    void malformedJsonIsTheBodysFault() {
        assertFound("{\"period\":", "body", "the body ends before its JSON is complete");
        assertFound("{\"period\" 1}", "body", "the body is not valid JSON (line 1, column");
        assertFound("{} {}", "body", "the body holds more than one JSON value");
    }

    private static void assertFound(String json, String field, String detail) {
        Throwable e = catchThrowable(() -> JSON.readValue(json, Body.class));
        JsonProblems.Found found = JsonProblems.find(e);
        assertThat(found).as(json).isNotNull();
        assertThat(found.field()).as(json).isEqualTo(field);
        assertThat(found.detail()).as(json).startsWith(detail).doesNotContain("java.", "$", "Exception",
                "io.pipelineledger", "com.fasterxml");
    }
}
