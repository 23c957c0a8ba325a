package io.pipelineledger.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelineledger.embedded.support.LedgerClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import java.io.IOException;
import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

/** Backfill over HTTP: a CRM export and a stage mapping in, facts recorded, bad rows reported, re-import harmless. */
@SpringBootTest(classes = PipelineLedgerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CsvBackfillTest {

    static final String MAPPING = "Discovery = qualification\nProposal = presentation\nClosed Won = WON\n"
            + "Closed Lost = LOST\n";
    static final String HISTORY = """
            opportunityId,changedAt,stage,amount,repId,teamId,regionId,closeDate
            CSV-1,2025-01-10,Discovery,40000,rep-csv-1,team-csv,emea,2025-04-30
            CSV-1,2025-02-01,Proposal,40000,rep-csv-1,team-csv,emea,2025-04-30
            CSV-1,2025-03-01,Closed Won,42000,rep-csv-1,team-csv,emea,2025-04-30
            CSV-2,2025-01-12,Discovery,9000,rep-csv-1,team-csv,emea,
            CSV-2,2025-02-20,Closed Lost,9000,rep-csv-1,team-csv,emea,
            CSV-3,2025-01-12,Closed Won,5000,rep-csv-1,team-csv,emea,
            CSV-4,yesterday,Discovery,5000,rep-csv-1,team-csv,emea,
            """;

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) throws IOException {
        String data = Files.createTempDirectory("ledger-csv").toString();
        registry.add("ledger.data-dir", () -> data);
    }

    @Autowired
    WebTestClient web;

    @Test
    void importsTheGoodRowsReportsTheBadOnesByLineAndASecondImportAddsNothing() {
        JsonNode first = upload(HISTORY, MAPPING);
        assertThat(first.get("rows").asInt()).isEqualTo(7);
        assertThat(first.get("accepted").asInt()).isEqualTo(5); // opened, moved, won; opened, lost
        assertThat(first.get("rejected").findValuesAsText("line")).containsExactly("7", "8");
        assertThat(first.get("rejected").get(0).get("error").asText()).contains("OpportunityOpened");
        assertThat(first.get("rejected").get(1).get("error").asText()).contains("changedAt");

        LedgerClient ledger = new LedgerClient(web);
        ledger.awaitProjections();
        JsonNode rates = ledger.get("/api/v1/winrates?groupBy=rep&asOf=2025-06-01");
        JsonNode rep = null;
        for (JsonNode g : rates.get("groups")) {
            rep = g.get("group").asText().equals("rep-csv-1") ? g : rep;
        }
        assertThat(rep.get("won").asInt()).isEqualTo(1);
        assertThat(rep.get("lost").asInt()).isEqualTo(1);

        JsonNode again = upload(HISTORY, MAPPING);
        assertThat(again.get("accepted").asInt()).isZero();
        assertThat(again.get("duplicates").asInt()).isEqualTo(5);
    }

    @Test
    void aMissingPartOrABadMappingIsAProblem() {
        MultipartBodyBuilder parts = new MultipartBodyBuilder();
        parts.part("history", HISTORY).contentType(MediaType.TEXT_PLAIN);
        web.post().uri("/api/v1/import/opportunity-history").contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(parts.build())).exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        MultipartBodyBuilder bad = new MultipartBodyBuilder();
        bad.part("history", HISTORY).contentType(MediaType.TEXT_PLAIN);
        bad.part("mapping", "no equals sign here").contentType(MediaType.TEXT_PLAIN);
        web.post().uri("/api/v1/import/opportunity-history").contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(bad.build())).exchange().expectStatus().isBadRequest();
    }

    private JsonNode upload(String history, String mapping) {
        MultipartBodyBuilder parts = new MultipartBodyBuilder();
        parts.part("history", history).contentType(new MediaType("text", "csv")).filename("history.csv");
        parts.part("mapping", mapping).contentType(MediaType.TEXT_PLAIN).filename("stages.txt");
        return LedgerClient.json(web.post().uri("/api/v1/import/opportunity-history")
                .contentType(MediaType.MULTIPART_FORM_DATA).body(BodyInserters.fromMultipartData(parts.build()))
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
    }
}
