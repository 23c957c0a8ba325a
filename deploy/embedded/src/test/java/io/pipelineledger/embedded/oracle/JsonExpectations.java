package io.pipelineledger.embedded.oracle;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Deep comparison of an expected answer (from {@link MetricsOracle}) with the real one. Objects compare field by
 * field, a missing field counting as null; arrays in order. Numbers by the kind of the expected node: integers
 * exactly, exact decimals ({@link java.math.BigDecimal}, used for money) exactly by {@code compareTo}, other
 * floating numbers within {@value #TOLERANCE} absolute. A mismatch fails with its JSON path and both values.
 */
public final class JsonExpectations {

    public static final double TOLERANCE = 1e-9;

    /** Top-level echoes of the request, which need not be compared. */
    public static final Set<String> ECHO_FIELDS = Set.of("asOf", "from", "to");

    private JsonExpectations() {
    }

    /** Compares everything but the top-level echo fields {@code asOf}, {@code from} and {@code to}. */
    public static void assertMatches(JsonNode expected, JsonNode actual) {
        assertMatches(expected, actual, ECHO_FIELDS);
    }

    /** Compares everything but the given top-level fields. */
    public static void assertMatches(JsonNode expected, JsonNode actual, Set<String> ignoredTopLevelFields) {
        List<String> mismatches = new ArrayList<>();
        compare("$", expected, actual, ignoredTopLevelFields, mismatches);
        if (!mismatches.isEmpty()) {
            fail(mismatches.size() + " mismatch(es):\n  " + String.join("\n  ",
                    mismatches.subList(0, Math.min(mismatches.size(), 50)))
                    + (mismatches.size() > 50 ? "\n  …" : ""));
        }
    }

    /** The mismatches, empty when the two match (for tests that want to inspect them). */
    public static List<String> mismatches(JsonNode expected, JsonNode actual) {
        List<String> mismatches = new ArrayList<>();
        compare("$", expected, actual, Set.of(), mismatches);
        return mismatches;
    }

    private static void compare(String path, JsonNode expected, JsonNode actual, Set<String> ignored,
                                List<String> out) {
        boolean expectedNull = expected == null || expected.isNull() || expected.isMissingNode();
        boolean actualNull = actual == null || actual.isNull() || actual.isMissingNode();
        if (expectedNull || actualNull) {
            if (expectedNull != actualNull) {
                out.add(path + ": expected " + show(expected) + " but was " + show(actual));
            }
            return;
        }
        if (expected.isObject()) {
            if (!actual.isObject()) {
                out.add(path + ": expected an object " + expected + " but was " + actual);
                return;
            }
            Set<String> fields = new TreeSet<>();
            expected.fieldNames().forEachRemaining(fields::add);
            actual.fieldNames().forEachRemaining(fields::add);
            for (String field : fields) {
                if (!ignored.contains(field)) {
                    compare(path + "." + field, expected.get(field), actual.get(field), Set.of(), out);
                }
            }
        } else if (expected.isArray()) {
            if (!actual.isArray()) {
                out.add(path + ": expected an array " + expected + " but was " + actual);
                return;
            }
            if (expected.size() != actual.size()) {
                out.add(path + ": expected " + expected.size() + " elements but was " + actual.size()
                        + "\n    expected " + abbreviate(expected) + "\n    actual   " + abbreviate(actual));
            }
            Iterator<JsonNode> e = expected.elements();
            Iterator<JsonNode> a = actual.elements();
            for (int i = 0; e.hasNext() && a.hasNext(); i++) {
                compare(path + "[" + i + "]", e.next(), a.next(), Set.of(), out);
            }
        } else if (expected.isNumber()) {
            if (!actual.isNumber()) {
                out.add(path + ": expected number " + expected + " but was " + actual);
            } else if (expected.isIntegralNumber() || expected.isBigDecimal()) {
                BigDecimal a = actual.decimalValue();
                if (expected.decimalValue().compareTo(a) != 0) {
                    out.add(path + ": expected " + expected.decimalValue().toPlainString() + " but was "
                            + actual.decimalValue().toPlainString());
                }
            } else {
                double a = actual.doubleValue();
                double e = expected.doubleValue();
                if (!(Math.abs(e - a) <= TOLERANCE)) {
                    out.add(path + ": expected " + e + " but was " + a + " (difference " + (a - e) + ")");
                }
            }
        } else if (!expected.equals(actual)) {
            out.add(path + ": expected " + expected + " but was " + actual);
        }
    }

    private static String show(JsonNode node) {
        return node == null || node.isMissingNode() ? "(missing)" : node.toString();
    }

    private static String abbreviate(JsonNode node) {
        String text = node.toString();
        return text.length() <= 400 ? text : text.substring(0, 400) + "…";
    }
}
