package io.pipelineledger.events.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonMappingException;

/**
 * Thrown by a deserializer that refuses a value before converting it (a number too long, say); its message is meant
 * for the client and follows the field's name: "must be a number of at most 40 characters".
 */
public class InvalidInputException extends JsonMappingException {

    public InvalidInputException(JsonParser parser, String message) {
        super(parser, message);
    }
}
