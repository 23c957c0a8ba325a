package io.pipelineledger.events.security;

import org.junit.jupiter.api.Test;
import org.springframework.boot.web.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.boot.web.reactive.context.ReactiveWebServerInitializedEvent;
import org.springframework.boot.web.server.WebServer;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The first start's key box names the port the server is bound to, not 8080, and is shown once. */
class FirstStartConsoleTest {

    @Test
    void theKeyIsShownOnceTheServerIsBoundWithItsRealPort() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FirstStartConsole console = new FirstStartConsole(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        console.show("pl_secret", Path.of("/data/first-admin-key"));
        assertThat(bytes.size()).as("nothing before the server is bound").isZero();

        ReactiveWebServerApplicationContext context = new ReactiveWebServerApplicationContext();
        console.onApplicationEvent(new ReactiveWebServerInitializedEvent(server(18099), context));
        String shown = bytes.toString(StandardCharsets.UTF_8);
        assertThat(shown).contains("pl_secret", "/data/first-admin-key",
                "curl -H 'X-API-Key: <key>' http://localhost:18099/api/v1/process",
                "open http://localhost:18099/ and paste the key").doesNotContain("8080");

        console.onApplicationEvent(new ReactiveWebServerInitializedEvent(server(18100), context));
        assertThat(bytes.toString(StandardCharsets.UTF_8)).as("shown once").isEqualTo(shown);
    }

    @Test
    void nothingIsShownWhenNoKeyWasCreated() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new FirstStartConsole(new PrintStream(bytes, true, StandardCharsets.UTF_8))
                .onApplicationEvent(new ReactiveWebServerInitializedEvent(server(18099),
                        new ReactiveWebServerApplicationContext()));
        assertThat(bytes.size()).isZero();
    }

    private static WebServer server(int port) {
        return new WebServer() {
            @Override
            public void start() {
            }

            @Override
            public void stop() {
            }

            @Override
            public int getPort() {
                return port;
            }
        };
    }
}
