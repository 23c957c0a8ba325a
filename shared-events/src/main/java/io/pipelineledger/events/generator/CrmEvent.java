package io.pipelineledger.events.generator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelineledger.events.EventJson;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One CRM event as posted to {@code POST /api/v1/events}: the common fields and the type-specific ones. */
public record CrmEvent(String eventId, String type, String opportunityId, Instant occurredAt,
                       Map<String, Object> fields) {

    private static final ObjectMapper JSON = EventJson.mapper();

    public CrmEvent {
        fields = Map.copyOf(fields);
    }

    /** The contract's JSON form of this event. */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("eventId", eventId);
        map.put("type", type);
        map.put("opportunityId", opportunityId);
        map.put("occurredAt", occurredAt.toString());
        map.putAll(fields);
        return map;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(asMap());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String toJsonArray(List<CrmEvent> events) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < events.size(); i++) {
            out.append(i == 0 ? "" : ",").append(events.get(i).toJson());
        }
        return out.append(']').toString();
    }
}
