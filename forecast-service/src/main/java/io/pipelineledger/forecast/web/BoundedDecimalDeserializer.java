package io.pipelineledger.forecast.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import io.pipelineledger.events.web.InvalidInputException;

import java.io.IOException;
import java.math.BigDecimal;

/**
 * An amount as a JSON number of at most 40 characters, refused on its text before any BigDecimal is built (a huge
 * exponent or a million digits costs nothing to refuse this way).
 */
final class BoundedDecimalDeserializer extends JsonDeserializer<BigDecimal> {

    static final int MAX_LENGTH = 40;

    @Override
    public BigDecimal deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        JsonToken token = parser.currentToken();
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
            throw new InvalidInputException(parser, "must be a JSON number");
        }
        String text = parser.getText();
        if (text.length() > MAX_LENGTH) {
            throw new InvalidInputException(parser, "must be a number of at most " + MAX_LENGTH + " characters");
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(parser, "must be a number");
        }
    }
}
