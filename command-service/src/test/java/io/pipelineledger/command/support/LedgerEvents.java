package io.pipelineledger.command.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** CRM event JSON for tests, built the way a CRM would post it. */
public final class LedgerEvents {

    private LedgerEvents() {
    }

    public static String opened(String eventId, String opportunityId, String at, String stage, String amount) {
        return String.format(Locale.ROOT, "{\"eventId\":\"%s\",\"type\":\"OpportunityOpened\",\"opportunityId\":\"%s\","
                        + "\"occurredAt\":\"%s\",\"repId\":\"rep-1\",\"teamId\":\"team-1\",\"regionId\":\"emea\","
                        + "\"accountId\":\"acme\",\"stage\":\"%s\",\"amount\":%s,\"currency\":\"EUR\","
                        + "\"expectedCloseDate\":\"2026-12-15\"}",
                eventId, opportunityId, at, stage, amount);
    }

    public static String milestone(String eventId, String opportunityId, String at, String milestoneId) {
        return String.format(Locale.ROOT, "{\"eventId\":\"%s\",\"type\":\"MilestoneAchieved\",\"opportunityId\":\"%s\","
                        + "\"occurredAt\":\"%s\",\"milestoneId\":\"%s\",\"evidence\":{\"kind\":\"BUYER_ACTION\","
                        + "\"reference\":\"mail-1\",\"buyerContact\":\"cfo@buyer.example\"},\"actor\":\"rep-1\"}",
                eventId, opportunityId, at, milestoneId);
    }

    public static String stage(String eventId, String opportunityId, String at, String toStage) {
        return String.format(Locale.ROOT, "{\"eventId\":\"%s\",\"type\":\"StageChanged\",\"opportunityId\":\"%s\","
                + "\"occurredAt\":\"%s\",\"toStage\":\"%s\"}", eventId, opportunityId, at, toStage);
    }

    public static String of(String type, String eventId, String opportunityId, String at, String extraFields) {
        return String.format(Locale.ROOT, "{\"eventId\":\"%s\",\"type\":\"%s\",\"opportunityId\":\"%s\","
                        + "\"occurredAt\":\"%s\"%s}", eventId, type, opportunityId, at,
                extraFields.isEmpty() ? "" : "," + extraFields);
    }

    public static String array(String... events) {
        return "[" + String.join(",", events) + "]";
    }

    public static String array(List<String> events) {
        return "[" + String.join(",", events) + "]";
    }

    public static String ndjson(String... events) {
        return String.join("\n", events) + "\n";
    }

    /** A complete, valid history of {@code count} opportunities: open, milestones, an advance, a win. */
    public static List<String> histories(String prefix, int count) {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String opp = prefix + "-" + i;
            events.add(opened(opp + "-o", opp, "2026-01-05T09:00:00Z", "prospecting", "1000"));
            events.add(milestone(opp + "-m", opp, "2026-01-06T09:00:00Z", "first-meeting-accepted"));
            events.add(stage(opp + "-s", opp, "2026-01-07T09:00:00Z", "qualification"));
            events.add(of("OpportunityWon", opp + "-w", opp, "2026-02-01T09:00:00Z", ""));
        }
        return events;
    }
}
