package io.pipelineledger.events.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Keeps kept-alive HTTP connections reading. Reactor Netty 1.2.18 (the version Spring Boot 3.5 brings; the fix is in
 * no 1.2.x release the registry holds) stops reading a connection when a client sends its next request before the
 * previous exchange has wound up and that request is answered at once (reactor-netty#4361): the request after it
 * waits until the client gives up. Clients that reuse connections sequentially hit this within a few dozen quick
 * answers (401, 400, probes). With {@value #PROPERTY} the previous exchange is wound up when the next request
 * arrives, so that request is not queued. Set before the server starts, since Reactor Netty reads it once; an
 * operator's own setting is kept. Requests a client pipelines without waiting for answers can still meet the bug.
 */
public final class KeepAliveReads implements EnvironmentPostProcessor, Ordered {

    public static final String PROPERTY = "reactor.netty.http.server.lastFlushWhenNoRead";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, "true");
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
