package io.pipelineledger.events.security;

import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Shows the first start's admin key on the terminal once the web server is bound, with its real port (the key is
 * created before the server starts, when the port is not known: {@code --server.port=0} or {@code PORT} change it).
 */
final class FirstStartConsole implements ApplicationListener<WebServerInitializedEvent> {

    private final PrintStream out;
    private String secret;
    private Path file;

    FirstStartConsole(PrintStream out) {
        this.out = out;
    }

    synchronized void show(String secret, Path file) {
        this.secret = secret;
        this.file = file;
    }

    @Override
    public synchronized void onApplicationEvent(WebServerInitializedEvent event) {
        // the application's own server, not a separate management port's
        if (secret == null || event.getApplicationContext().getServerNamespace() != null) {
            return;
        }
        out.println(FirstStartKey.consoleText(secret, file, "http://localhost:" + event.getWebServer().getPort()));
        out.flush();
        secret = null;
    }
}
