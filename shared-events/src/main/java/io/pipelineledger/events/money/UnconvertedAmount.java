package io.pipelineledger.events.money;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.pipelineledger.events.AnswerWarning;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * An amount left out of a total because no exchange rate to the asked currency was in force at its date: the
 * ledger never adds an amount in another currency as if it were the asked one. Answers list these under
 * {@code warnings}.
 *
 * @param opportunityId the deal whose amount it is
 * @param value         the amount, in its own currency
 * @param currency      its currency
 * @param on            the business date it would have been converted at
 * @param message       for a person: which rate is missing
 */
@JsonIgnoreProperties(value = "code", allowGetters = true)
public record UnconvertedAmount(String opportunityId, BigDecimal value, String currency, LocalDate on,
                                String message) implements AnswerWarning {

    public static final String CODE = "UNCONVERTED_AMOUNT";

    /** {@value #CODE}. */
    @Override
    @JsonProperty("code")
    public String code() {
        return CODE;
    }

    public static UnconvertedAmount of(String opportunityId, BigDecimal value, String currency, String to,
                                       LocalDate on) {
        return new UnconvertedAmount(opportunityId, value, currency, on,
                "no " + currency + " to " + to + " exchange rate in force on " + on
                        + ": left out (PUT /api/v1/exchange-rates)");
    }
}
