package io.pipelineledger.command.ingest.body;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Builds one JSON value (an event) from parser tokens, as they come. Notes the first key given twice in an object
 * (JSON leaves its meaning open; the ledger refuses it) instead of letting the later value win silently.
 */
final class JsonValueBuilder {

    private final JsonNodeFactory nodes;
    private final int eventDepth;
    private final Deque<ContainerNode<?>> open = new ArrayDeque<>();
    private String pendingName;
    private JsonNode root;
    private String duplicateKey;

    /** {@code eventDepth}: how many containers enclose the value in the body (1 in an array, 0 alone). */
    JsonValueBuilder(JsonNodeFactory nodes, int eventDepth) {
        this.nodes = nodes;
        this.eventDepth = eventDepth;
    }

    /** Takes the parser's current token; true when the value is complete. */
    boolean add(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case FIELD_NAME -> {
                pendingName = parser.currentName();
                if (duplicateKey == null && ((ObjectNode) open.peek()).has(pendingName)) {
                    duplicateKey = FieldPath.of(parser.getParsingContext(), eventDepth);
                }
                return false;
            }
            case START_OBJECT -> {
                ObjectNode object = nodes.objectNode();
                attach(object);
                open.push(object);
                return false;
            }
            case START_ARRAY -> {
                ArrayNode array = nodes.arrayNode();
                attach(array);
                open.push(array);
                return false;
            }
            case END_OBJECT, END_ARRAY -> {
                open.pop();
                return open.isEmpty();
            }
            default -> {
                attach(scalar(parser, token));
                return open.isEmpty();
            }
        }
    }

    JsonNode value() {
        return root;
    }

    /** The path of the first key that appeared twice in one object, or null. */
    String duplicateKey() {
        return duplicateKey;
    }

    private void attach(JsonNode node) {
        ContainerNode<?> parent = open.peek();
        if (parent == null) {
            root = node;
        } else if (parent instanceof ObjectNode object) {
            object.set(pendingName, node);
        } else {
            ((ArrayNode) parent).add(node);
        }
    }

    private JsonNode scalar(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING -> nodes.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> nodes.numberNode(parser.getIntValue());
                case LONG -> nodes.numberNode(parser.getLongValue());
                default -> nodes.numberNode(parser.getBigIntegerValue());
            };
            // exact decimals, never through a double (amounts); the parser bounded the digits already
            case VALUE_NUMBER_FLOAT -> nodes.numberNode(parser.getDecimalValue());
            case VALUE_TRUE -> nodes.booleanNode(true);
            case VALUE_FALSE -> nodes.booleanNode(false);
            case VALUE_NULL -> nodes.nullNode();
            default -> throw new IllegalStateException("unexpected token " + token);
        };
    }
}
