package io.pipelineledger.events.http;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code ledger.http.*}: how long a connection may take to send a request's line and headers, how long a kept-alive
 * connection may wait for its next request, and how many connections the server holds (in all and per client
 * address). Connections beyond a cap are closed as soon as they are accepted.
 */
@ConfigurationProperties("ledger.http")
public class HttpConnectionProperties {

    /** From accepting a connection until its first request's line and headers are complete. */
    private Duration headerTimeout = Duration.ofSeconds(10);
    /** From the end of an answer until the next request's line and headers are complete, on a kept-alive connection. */
    private Duration idleTimeout = Duration.ofSeconds(60);
    /** Longest pause between two reads of a request's body (a body trickled slower is cut off). */
    private Duration bodyReadTimeout = Duration.ofSeconds(30);
    /**
     * Open connections in all. Unset: 8,192, but at most half the process's file-descriptor limit (the rest stays for
     * the database, files and Kafka).
     */
    private Integer maxConnections;
    /**
     * Open connections from one remote address. Unset: a quarter of {@code max-connections}. Behind a proxy or load
     * balancer every client has its address: raise it to {@code max-connections} there.
     */
    private Integer maxConnectionsPerClient;
    /** How often the connections closed by these limits are summed up in the log (one line, only when there were any). */
    private Duration reportInterval = Duration.ofMinutes(1);

    public Duration getHeaderTimeout() {
        return headerTimeout;
    }

    public void setHeaderTimeout(Duration headerTimeout) {
        this.headerTimeout = headerTimeout;
    }

    public Duration getIdleTimeout() {
        return idleTimeout;
    }

    public void setIdleTimeout(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    public Duration getBodyReadTimeout() {
        return bodyReadTimeout;
    }

    public void setBodyReadTimeout(Duration bodyReadTimeout) {
        this.bodyReadTimeout = bodyReadTimeout;
    }

    public Integer getMaxConnections() {
        return maxConnections;
    }

    public void setMaxConnections(Integer maxConnections) {
        this.maxConnections = maxConnections;
    }

    public Integer getMaxConnectionsPerClient() {
        return maxConnectionsPerClient;
    }

    public void setMaxConnectionsPerClient(Integer maxConnectionsPerClient) {
        this.maxConnectionsPerClient = maxConnectionsPerClient;
    }

    public Duration getReportInterval() {
        return reportInterval;
    }

    public void setReportInterval(Duration reportInterval) {
        this.reportInterval = reportInterval;
    }
}
