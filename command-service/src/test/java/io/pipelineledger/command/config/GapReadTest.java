package io.pipelineledger.command.config;

import io.pipelineledger.command.support.TestPostgres;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event store read a tracking processor makes when its token has gaps: the next events after its position,
 * plus the events that filled the gaps behind it, in index order; on H2 and PostgreSQL.
 */
class GapReadTest {

    @Test
    void onH2() throws SQLException {
        check("jdbc:h2:mem:gaps;DB_CLOSE_DELAY=-1", "sa", "", "h2");
    }

    @Test
    void onPostgres() throws SQLException {
        TestPostgres.Database db = TestPostgres.freshDatabase("gaps");
        check(db.url(), db.user(), db.password(), "postgresql");
    }

    private static void check(String url, String user, String password, String vendor) throws SQLException {
        Flyway.configure().dataSource(url, user, password).locations("classpath:db/eventstore/" + vendor, "classpath:db/migration/" + vendor).load()
                .migrate();
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            // indexes 1..12 stored except 3 and 7, which a slower writer commits later, and 2, which never comes
            for (long index : new long[]{1, 4, 5, 6, 8, 9, 10, 11, 12, 3, 7}) {
                insert(connection, index);
            }
            EventSchema schema = EventSchema.builder().build();
            // position 5, gaps 3 (filled now) and 2 (a gap that stays: nothing there)
            assertThat(read(AxonConfig.readEventDataWithGaps(connection, schema, 5, 4, List.of(2L, 3L))))
                    .containsExactly(3L, 6L, 7L, 8L, 9L);
            assertThat(read(AxonConfig.readEventDataWithGaps(connection, schema, 10, 100, List.of())))
                    .containsExactly(11L, 12L);
        }
    }

    private static void insert(Connection connection, long index) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO DomainEventEntry (globalIndex, "
                + "aggregateIdentifier, sequenceNumber, type, eventIdentifier, metaData, payload, payloadRevision, "
                + "payloadType, timeStamp) VALUES (?, ?, 0, 'Opportunity', ?, NULL, ?, '1', 'x.Event', "
                + "'2026-01-01T00:00:00Z')")) {
            insert.setLong(1, index);
            insert.setString(2, "OPP-" + index);
            insert.setString(3, "event-" + index);
            insert.setBytes(4, "{}".getBytes());
            insert.executeUpdate();
        }
    }

    private static List<Long> read(PreparedStatement statement) throws SQLException {
        List<Long> indexes = new ArrayList<>();
        try (statement; ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                indexes.add(rows.getLong("globalIndex"));
            }
        }
        return indexes;
    }
}
