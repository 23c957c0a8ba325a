package io.pipelineledger.events.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OnBehalfOfTest {

    @Test
    void keepsOneLineOfTextStripped() {
        assertThat(OnBehalfOf.check("  vp.emea@example.com ")).isEqualTo("vp.emea@example.com");
        assertThat(OnBehalfOf.check("Zoë Ångström 🚀")).isEqualTo("Zoë Ångström 🚀");
        assertThat(OnBehalfOf.check("x".repeat(200))).hasSize(200);
    }

    @Test
    void nothingSaidIsNull() {
        assertThat(OnBehalfOf.check(null)).isNull();
        assertThat(OnBehalfOf.check(" \t ")).isNull();
    }

    @ParameterizedTest(name = "U+{0}")
    @ValueSource(ints = {0x00, 0x09, 0x0A, 0x1B, 0x7F, 0x9B, 0x200B, 0x202E, 0x2028, 0x2066, 0xE000, 0xD800, 0xDC00})
    void refusesControlFormatSeparatorAndLoneSurrogateCharacters(int c) {
        String name = "eve" + (char) c + "admin";

        assertThatThrownBy(() -> OnBehalfOf.check(name)).isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain("eve");
    }

    @Test
    void refusesMoreThan200Characters() {
        assertThatThrownBy(() -> OnBehalfOf.check("x".repeat(201))).hasMessageContaining("200");
    }

    /** The server hands header bytes over as ISO-8859-1 characters: UTF-8 names are decoded, other bytes refused. */
    @Test
    void readsHeadersAsUtf8() {
        String asReceived = new String("José".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);

        assertThat(OnBehalfOf.fromHeader(asReceived)).isEqualTo("José");
        assertThatThrownBy(() -> OnBehalfOf.fromHeader("Jos\u00e9")).hasMessageContaining("UTF-8");
        // C1 control U+009B (CSI) sent as UTF-8
        assertThatThrownBy(() -> OnBehalfOf.fromHeader("a\u00c2\u009bb")).hasMessageContaining("control");
        assertThat(OnBehalfOf.fromHeader(null)).isNull();
    }
}
