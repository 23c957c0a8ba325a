package io.pipelineledger.command.ingest.body;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

/** Jackson's reasons for refusing JSON, said in the API's terms (its own name some of its internals). */
final class JsonProblems {

    private JsonProblems() {
    }

    static String describe(JsonProcessingException e) {
        String message = String.valueOf(e.getOriginalMessage());
        if (e instanceof StreamConstraintsException) {
            if (message.startsWith("Number")) {
                return "a number has more than " + BodyLimits.MAX_NUMBER_LENGTH + " characters";
            }
            if (message.contains("nesting depth")) {
                return "JSON nests deeper than " + BodyLimits.MAX_NESTING_DEPTH + " levels";
            }
            if (message.startsWith("Name")) {
                return "a field name has more than " + BodyLimits.MAX_NAME_LENGTH + " characters";
            }
            if (message.startsWith("String")) {
                return "a string is longer than the body limit";
            }
            return "the JSON exceeds a parsing limit";
        }
        int internal = message.indexOf(" (from `");
        return internal < 0 ? message : message.substring(0, internal);
    }
}
