package io.pipelineledger.forecast.web;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

class SubmissionChecksTest {

    @Test
    void overridesAreBoundedByValueNotByAnOverflowingDigitCount() {
        // precision − scale of 1E+2147483647 is 1 + 2147483647: an int overflow that passed the old check
        assertThat(SubmissionChecks.overrideAcceptable(new BigDecimal("1E+2147483647"))).isFalse();
        assertThat(SubmissionChecks.overrideAcceptable(new BigDecimal("1E15"))).isFalse();
        assertThat(SubmissionChecks.overrideAcceptable(new BigDecimal("1E-2147483647"))).isFalse();
        assertThat(SubmissionChecks.overrideAcceptable(new BigDecimal("-0.01"))).isFalse();
        assertThat(SubmissionChecks.overrideAcceptable(new BigDecimal("0.12345"))).isFalse();
        assertThat(SubmissionChecks.overrideAcceptable(new BigDecimal("999999999999999.9999"))).isTrue();
        assertThat(SubmissionChecks.overrideAcceptable(new BigDecimal("1250000.500000"))).isTrue();
        assertThat(SubmissionChecks.overrideAcceptable(BigDecimal.ZERO)).isTrue();
    }

    @Test
    void textHoldsNoControlCharactersBidiOverridesOrLoneSurrogates() {
        assertThat(SubmissionChecks.textProblem("vp\u0000", false)).contains("U+0000");
        assertThat(SubmissionChecks.textProblem("\u001b[31mvp", false)).contains("U+001B");
        assertThat(SubmissionChecks.textProblem("vp\ud800", false)).contains("unpaired surrogate");
        assertThat(SubmissionChecks.textProblem("\udc00vp", false)).contains("unpaired surrogate");
        assertThat(SubmissionChecks.textProblem("vp\u202Eexe", false)).contains("bidirectional");
        assertThat(SubmissionChecks.textProblem("two\nlines", false)).contains("U+000A");
        assertThat(SubmissionChecks.textProblem("two\nlines\tand a tab", true)).isNull();
        assertThat(SubmissionChecks.textProblem("Zoë 😀 名前", false)).isNull();
    }
}
