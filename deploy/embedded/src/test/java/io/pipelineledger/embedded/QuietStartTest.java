package io.pipelineledger.embedded;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A quiet, truthful start (issue 14, item 7): the one-process app started as a user starts it (default log levels),
 * first on an empty data folder and then again on the data it wrote, logs no WARN or ERROR at all — none of Spring's
 * deprecation warnings about Axon's annotations, no "in memory token store" warnings, no AxonIQ Console box — and
 * its "is up" line names the port the server is bound to.
 */
@ExtendWith(OutputCaptureExtension.class)
class QuietStartTest {

    @Test
    void aFirstStartAndARestartLogNoWarningAndTheUpLineNamesTheBoundPort(CapturedOutput output) throws Exception {
        Path data = Files.createTempDirectory("ledger-quiet").resolve("data");
        for (String start : List.of("first start", "restart")) {
            int from = output.getOut().length();
            try (ConfigurableApplicationContext app = new SpringApplicationBuilder(PipelineLedgerApplication.class)
                    .run("--server.port=0", "--ledger.data-dir=" + data)) {
                int port = ((WebServerApplicationContext) app).getWebServer().getPort();
                String upLine = awaitLine(output, from, "Pipeline Ledger is up: ");
                assertThat(upLine).as(start).contains("http://localhost:" + port + "/");
                if (port != 8080) {
                    assertThat(upLine).as(start).doesNotContain("localhost:8080");
                }
                String log = output.getAll().substring(from);
                List<String> warnings = log.lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR "))
                        .toList();
                assertThat(warnings).as(start + ": WARN and ERROR lines").isEmpty();
                assertThat(log).as(start)
                        .doesNotContain("convention-based annotation attribute overrides")
                        .doesNotContainIgnoringCase("in memory token store")
                        .doesNotContain("AxonIQ Console")
                        .contains(" Started ");
            }
        }
    }

    /** The first line after {@code from} that contains {@code text} (the up line comes once read models are ready). */
    private static String awaitLine(CapturedOutput output, int from, String text) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (true) {
            String out = output.getOut();
            int at = out.indexOf(text, from);
            if (at >= 0) {
                int end = out.indexOf('\n', at);
                if (end > 0) {
                    return out.substring(out.lastIndexOf('\n', at) + 1, end);
                }
            }
            assertThat(Instant.now()).as("'" + text + "' logged").isBefore(deadline);
            Thread.sleep(50);
        }
    }
}
