package io.pipelineledger.events.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

import java.util.Map;

/**
 * JVM-wide settings every ledger process needs, set as system properties before anything reads them (the libraries
 * read them once, from the JVM, not from Spring's environment); an operator's own setting is kept.
 */
public final class ProcessDefaults implements EnvironmentPostProcessor, Ordered {

    /**
     * Keeps kept-alive HTTP connections reading. Reactor Netty 1.2.18 (the version Spring Boot 3.5 brings; the fix
     * is in no 1.2.x release the registry holds) stops reading a connection when a client sends its next request
     * before the previous exchange has wound up and that request is answered at once (reactor-netty#4361): the
     * request after it waits until the client gives up. Sequential clients hit this within a few dozen quick answers
     * (401, 400, probes). With this setting the previous exchange is wound up when the next request arrives, so that
     * request is not queued. Requests a client pipelines without waiting for answers can still meet the bug.
     */
    public static final String KEEP_ALIVE_READS = "reactor.netty.http.server.lastFlushWhenNoRead";
    /** A self-hosted ledger does not phone home: Axon's update check stays off unless asked for. */
    public static final String NO_UPDATE_CHECK = "axoniq.update-checker.disabled";
    /**
     * No AxonIQ Console advertisement at start: the ledger does not use AxonIQ Console (a hosted service), and Axon
     * 4.13's configuration module prints a seven-line box unless this JVM property is true.
     */
    public static final String NO_CONSOLE_MESSAGE = "disable-axoniq-console-message";

    private static final Map<String, String> DEFAULTS = Map.of(KEEP_ALIVE_READS, "true", NO_UPDATE_CHECK, "true",
            NO_CONSOLE_MESSAGE, "true");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        DEFAULTS.forEach((property, value) -> {
            if (System.getProperty(property) == null) {
                System.setProperty(property, value);
            }
        });
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
