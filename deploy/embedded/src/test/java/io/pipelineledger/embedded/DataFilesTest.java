package io.pipelineledger.embedded;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the one-process app leaves on disk is its user's alone: the data folder 0700 and every file in it 0600 (the H2
 * database, the keys file, the first start's admin key), even when the folder existed with the usual 0755 and the
 * umask would give 0644; the first key is in that file, not on the output. The API documentation does not echo the
 * Host header a client sent.
 */
@ExtendWith(OutputCaptureExtension.class)
class DataFilesTest {

    static final String FOREIGN_HOST = "attacker.example:4444";

    @Test
    void dataFolderAndFilesAreOwnerOnlyAndTheFirstKeyIsInAFile(CapturedOutput output) throws Exception {
        Path data = Files.createTempDirectory("ledger-files").resolve("data");
        Files.createDirectory(data, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(PipelineLedgerApplication.class)
                .run("--server.port=0", "--ledger.data-dir=" + data, "--test.ledger.admin-key=false")) {
            assertThat(Files.getPosixFilePermissions(data)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
            List<Path> files;
            try (Stream<Path> all = Files.list(data)) {
                files = all.toList();
            }
            assertThat(files).extracting(f -> f.getFileName().toString())
                    .contains("ledger.mv.db", "api-keys", "first-admin-key");
            for (Path file : files) {
                assertThat(Files.getPosixFilePermissions(file)).as(file.toString())
                        .isEqualTo(PosixFilePermissions.fromString(Files.isDirectory(file) ? "rwx------" : "rw-------"));
            }

            String key = Files.readString(data.resolve("first-admin-key")).strip();
            WebTestClient client = WebTestClient.bindToServer().baseUrl("http://localhost:"
                    + ((WebServerApplicationContext) app).getWebServer().getPort())
                    .responseTimeout(Duration.ofSeconds(30)).build();
            client.get().uri("/api/v1/admin/api-keys").header("X-API-Key", key).exchange().expectStatus().isOk();
            assertThat(output.getAll()).as("the key is not on the output (no terminal here)").doesNotContain(key)
                    .contains("written to " + data.resolve("first-admin-key"));

            for (String path : List.of("/v3/api-docs/swagger-config", "/v3/api-docs")) {
                String body = client.get().uri(path).header("Host", FOREIGN_HOST).exchange().expectStatus().isOk()
                        .expectBody(String.class).returnResult().getResponseBody();
                assertThat(body).as(path).isNotBlank().doesNotContain("attacker.example");
            }
        }
    }
}
