package io.pipelineledger.events.ids;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdentifiersTest {

    @Test
    void acceptsOneTo128CharactersOfTheContractsAlphabet() {
        assertThat(Identifiers.isValid("OPP-1")).isTrue();
        assertThat(Identifiers.isValid("a")).isTrue();
        assertThat(Identifiers.isValid("Az09._:-")).isTrue();
        assertThat(Identifiers.isValid("x".repeat(128))).isTrue();
    }

    @Test
    void rejectsEverythingElse() {
        assertThat(Identifiers.isValid(null)).isFalse();
        assertThat(Identifiers.isValid("")).isFalse();
        assertThat(Identifiers.isValid("x".repeat(129))).isFalse();
        for (String bad : new String[]{"a b", "a/b", "a\u00e9", "\u0661", "a\nb", "a@b", "a+b", "\u212a", "a\u0000"}) {
            assertThat(Identifiers.isValid(bad)).as(bad).isFalse();
        }
        assertThatThrownBy(() -> OpportunityId.of("bad id"))
                .isInstanceOf(Identifiers.InvalidIdentifierException.class)
                .hasMessageContaining("opportunityId");
    }
}
