package io.pipelineledger.command.ingest;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OpportunityHistoryCsvTest {

    private static final String MAPPING = """
            # CRM stage name = process stage
            Discovery = qualification
            Solution Design = development
            Proposal = presentation
            Negotiation = discussion
            Closed Won = WON
            Closed Lost = LOST
            """;

    @Test
    void eachChangeBecomesTheFactItIsAndBadRowsAreReportedByLine() {
        String csv = """
                opportunityId,changedAt,stage,amount,currency,repId,teamId,regionId,closeDate
                OPP-7,2025-01-10T09:00:00Z,Discovery,40000,EUR,rep-1,team-a,emea,2025-04-30
                OPP-7,2025-02-01,Solution Design,40000,EUR,rep-1,team-a,emea,2025-04-30
                OPP-7,2025-03-01,Proposal,45000,EUR,rep-2,team-a,emea,2025-05-31
                OPP-7,2025-04-20,Closed Won,47000,EUR,rep-2,team-a,emea,2025-05-31
                OPP-8,2025-01-15,Discovery,10000,EUR,rep-3,team-b,emea,
                OPP-8,not a date,Proposal,10000,EUR,rep-3,team-b,emea,
                OPP-8,2025-02-15,Mystery Stage,10000,EUR,rep-3,team-b,emea,
                OPP-8,2025-03-01,Closed Lost,10000,EUR,rep-3,team-b,emea,
                OPP-8,2025-05-01,"Negotiation",10000,EUR,rep-3,team-b,emea,
                ,2025-05-01,Discovery,1,EUR,rep-3,,,
                """;
        OpportunityHistoryCsv.Result result = new OpportunityHistoryCsv(OpportunityHistoryCsv.parseMapping(MAPPING))
                .convert(csv);

        assertThat(result.rows()).isEqualTo(10);
        assertThat(result.errors()).extracting(OpportunityHistoryCsv.RowError::line).containsExactly(7, 8, 11);
        assertThat(result.errors().get(1).error()).contains("Mystery Stage");
        List<String> types = result.events().stream().map(e -> (String) e.event().get("type")).toList();
        assertThat(types).containsExactly("OpportunityOpened", "StageChanged", "OwnerReassigned", "AmountRevised",
                "CloseDateRevised", "StageChanged", "OpportunityWon",
                "OpportunityOpened", "OpportunityLost", "OpportunityReopened");
        Map<String, Object> opened = result.events().get(0).event();
        assertThat(opened).containsEntry("stage", "qualification").containsEntry("currency", "EUR")
                .containsEntry("expectedCloseDate", "2025-04-30").containsEntry("occurredAt", "2025-01-10T09:00:00Z");
        assertThat(result.events().get(6).event()).containsEntry("amount", new java.math.BigDecimal("47000"));
        assertThat(result.events().get(9).event()).containsEntry("stage", "discussion");
        assertThat(result.events().get(9).line()).isEqualTo(10);
        // the same file again gives the same event ids: a second import is all duplicates
        assertThat(new OpportunityHistoryCsv(OpportunityHistoryCsv.parseMapping(MAPPING)).convert(csv).events())
                .extracting(e -> e.event().get("eventId"))
                .isEqualTo(result.events().stream().map(e -> e.event().get("eventId")).toList());
    }

    @Test
    void twoMovesOnOneDayStayTwoFactsAReopeningComesFirstAndAByteOrderMarkIsIgnored() {
        String csv = "\uFEFFopportunityId,changedAt,stage,amount,repId\n"
                + "OPP-9,2025-01-10,Discovery,100,rep-1\n"
                + "OPP-9,2025-01-20,Solution Design,100,rep-1\n"
                + "OPP-9,2025-01-20,Proposal,100,rep-1\n"
                + "OPP-9,2025-02-01,Closed Lost,100,rep-1\n"
                + "OPP-9,2025-03-01,Negotiation,5000,rep-2\n";
        OpportunityHistoryCsv.Result result = new OpportunityHistoryCsv(OpportunityHistoryCsv.parseMapping(MAPPING))
                .convert(csv);
        assertThat(result.errors()).isEmpty();
        assertThat(result.events()).extracting(e -> e.event().get("type")).containsExactly("OpportunityOpened",
                "StageChanged", "StageChanged", "OpportunityLost", "OpportunityReopened", "OwnerReassigned",
                "AmountRevised");
        assertThat(result.events()).extracting(e -> e.event().get("eventId")).doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(((String) id).length()).isLessThanOrEqualTo(128));
    }

    @Test
    void aHeaderWithoutARequiredColumnIsReported() {
        OpportunityHistoryCsv.Result result = new OpportunityHistoryCsv(Map.of("A", "qualification"))
                .convert("opportunityId,changedAt,stage,amount\nOPP-1,2025-01-01,A,1\n");
        assertThat(result.events()).isEmpty();
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(1);
            assertThat(e.error()).contains("repid");
        });
    }

    @Test
    void aRowBeyondTheConvertibleTimesOrWithHostileCellsIsLeftOutAndTheOthersConverted() {
        OpportunityHistoryCsv.Result result = new OpportunityHistoryCsv(Map.of("A", "qualification")).convert(
                "opportunityId,changedAt,stage,amount,repId\n"
                        + "OPP-1,2025-01-01,A,1,rep-1\n"
                        + "OPP-2,+300000000-01-01T00:00:00Z,A,1,rep-1\n"
                        + "OPP-3,2025-01-01,A," + "9".repeat(100_000) + ",rep-1\n"
                        + "OPP-4,2025-01-01,A,1,rep\u001b[2J\n"
                        + "OPP-5,2025-01-01,A,1,rep" + TextRules.NOT_UTF8 + "\n"
                        + "OPP-6,2025-01-02,A,2,rep-1\n");
        assertThat(result.events()).extracting(e -> e.event().get("opportunityId")).containsExactly("OPP-1", "OPP-6");
        assertThat(result.errors()).extracting(OpportunityHistoryCsv.RowError::line).containsExactly(3, 4, 5, 6);
        assertThat(result.errors()).extracting(OpportunityHistoryCsv.RowError::field)
                .containsExactly("changedAt", "amount", "repId", "repId");
        assertThat(result.errors().get(1).error()).hasSizeLessThan(200);
    }
}
