package io.pipelineledger.query.projection;

import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationInitializer;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Creates the query side's tables with its own Flyway history ({@code flyway_query_history}), so the read model
 * can live in the event store's database (one process) or a database of its own, next to whatever else is there.
 */
@Component
public class ReadModelSchema {

    private final boolean postgres;

    /** Runs after the command side's migrations when both share a database (they both know TokenEntry). */
    public ReadModelSchema(DataSource dataSource, ObjectProvider<FlywayMigrationInitializer> commandSchema) {
        commandSchema.ifAvailable(initializer -> { });
        this.postgres = isPostgres(dataSource);
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/query/" + (postgres ? "postgresql" : "h2"))
                .table("flyway_query_history")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }

    public boolean postgres() {
        return postgres;
    }

    private static boolean isPostgres(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the read model's database", e);
        }
    }
}
