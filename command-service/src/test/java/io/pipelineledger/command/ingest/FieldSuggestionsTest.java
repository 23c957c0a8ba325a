package io.pipelineledger.command.ingest;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FieldSuggestionsTest {

    private static final List<String> KNOWN = List.of("eventId", "type", "opportunityId", "occurredAt", "repId",
            "teamId", "amount", "expectedCloseDate");

    @Test
    void anotherCaseIsWhatWasMeant() {
        assertThat(FieldSuggestions.nearest("teamID", KNOWN)).isEqualTo("teamId");
        assertThat(FieldSuggestions.nearest("EVENTID", KNOWN)).isEqualTo("eventId");
    }

    @Test
    void aTypoOrTwoFindsTheField() {
        assertThat(FieldSuggestions.nearest("oportunityId", KNOWN)).isEqualTo("opportunityId");
        assertThat(FieldSuggestions.nearest("ocurredAt", KNOWN)).isEqualTo("occurredAt");
        assertThat(FieldSuggestions.nearest("amuont", KNOWN)).isEqualTo("amount");
        assertThat(FieldSuggestions.nearest("expectedClosedDate", KNOWN)).isEqualTo("expectedCloseDate");
    }

    @Test
    void somethingElseEntirelyHasNoSuggestion() {
        assertThat(FieldSuggestions.nearest("padding", KNOWN)).isNull();
        assertThat(FieldSuggestions.nearest("id", KNOWN)).isNull();
        assertThat(FieldSuggestions.nearest("x".repeat(200), KNOWN)).isNull();
    }

    @Test
    void distanceCountsEdits() {
        assertThat(FieldSuggestions.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(FieldSuggestions.distance("", "abc")).isEqualTo(3);
        assertThat(FieldSuggestions.distance("same", "same")).isZero();
    }
}
