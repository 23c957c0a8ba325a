package io.pipelineledger.events.web;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import java.util.List;

/** Jackson's refusal of a body, told as the field at fault and what it should be (Jackson's own text names classes). */
public final class JsonProblems {

    /** {@code field}: the JSON path of the value at fault ({@code stages[0].id}), or "body". */
    public record Found(String field, String detail) {
    }

    private JsonProblems() {
    }

    /** The Jackson failure in the cause chain, described; null when there is none. */
    public static Found find(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JsonProcessingException json) {
                return describe(json);
            }
        }
        return null;
    }

    public static Found describe(JsonProcessingException e) {
        if (e instanceof InvalidInputException invalid) {
            String field = path(invalid.getPath());
            return new Found(field, field + " " + invalid.getOriginalMessage());
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            String field = path(unknown.getPath());
            return new Found(field, "unknown field " + field);
        }
        if (e instanceof MismatchedInputException trailing && trailing.getOriginalMessage() != null
                && trailing.getOriginalMessage().startsWith("Trailing token")) {
            return new Found("body", "the body holds more than one JSON value" + at(e.getLocation())
                    + ": send one array (or one NDJSON line per event)");
        }
        if (e instanceof MismatchedInputException mismatched) {
            String field = path(mismatched.getPath());
            String shape = UserTerms.expected(mismatched.getTargetType());
            String was = mismatched instanceof InvalidFormatException format && format.getValue() != null
                    ? " (was '" + UserTerms.quote(format.getValue().toString()) + "')" : "";
            return field.equals("body") ? new Found(field, "the body must be " + shape + was)
                    : new Found(field, field + " must be " + shape + was);
        }
        if (e instanceof JsonMappingException mapping) {
            String field = path(mapping.getPath());
            if (mapping.getCause() instanceof InputCoercionException) {
                return new Found(field, field + " is out of range");
            }
            return new Found(field, field.equals("body") ? "the body is not of the expected form"
                    : field + " is not of the expected form");
        }
        if (e instanceof StreamConstraintsException) {
            return new Found("body", "the body exceeds a limit of the JSON reader (number or string length, "
                    + "nesting depth or size)");
        }
        if (e instanceof InputCoercionException coercion && coercion.getProcessor() != null
                && coercion.getProcessor().getParsingContext() != null
                && coercion.getProcessor().getParsingContext().getCurrentName() != null) {
            String field = coercion.getProcessor().getParsingContext().getCurrentName();
            return new Found(field, field + " is out of range");
        }
        if (e instanceof JsonEOFException) {
            return new Found("body", "the body ends before its JSON is complete" + at(e.getLocation()));
        }
        return new Found("body", "the body is not valid JSON" + at(e.getLocation()));
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 0 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    static String path(List<JsonMappingException.Reference> path) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.isEmpty() ? "body" : out.toString();
    }
}
