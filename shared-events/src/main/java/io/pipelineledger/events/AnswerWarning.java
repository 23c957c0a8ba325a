package io.pipelineledger.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Something a reader of an answer must know about its figures, listed under the answer's {@code warnings}: an
 * amount left out for want of an exchange rate, a short history, a band resting on few self-check origins...
 * Every warning has a stable {@code code} a program can test and a {@code message} for a person.
 */
public interface AnswerWarning {

    @JsonProperty("code")
    String code();

    @JsonProperty("message")
    String message();
}
