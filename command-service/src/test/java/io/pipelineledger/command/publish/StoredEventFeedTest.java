package io.pipelineledger.command.publish;

import io.pipelineledger.command.support.TestPostgres;
import io.pipelineledger.events.stream.PublishedEvent;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The publisher's read of the event store: indices a slower writer commits late are kept as gaps and sent when they
 * appear, in global order, on H2 and PostgreSQL; the position and gaps survive a restart.
 */
class StoredEventFeedTest {

    @Test
    void onH2() {
        check("jdbc:h2:mem:feed;DB_CLOSE_DELAY=-1", "sa", "", "h2");
    }

    @Test
    void onPostgres() throws SQLException {
        TestPostgres.Database db = TestPostgres.freshDatabase("feed");
        check(db.url(), db.user(), db.password(), "postgresql");
    }

    private static void check(String url, String user, String password, String vendor) {
        Flyway.configure().dataSource(url, user, password)
                .locations("classpath:db/eventstore/" + vendor, "classpath:db/migration/" + vendor).load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(url, user, password));
        // 1, 2, 5, 6 committed; 3 and 4 still in flight
        for (long index : new long[]{1, 2, 5, 6}) {
            insert(jdbc, index);
        }
        StoredEventFeed feed = new StoredEventFeed(jdbc, "test", Duration.ofMinutes(1), Clock.systemUTC());
        assertThat(indices(feed.next(100))).containsExactly(1L, 2L, 5L, 6L);
        feed.commit();
        assertThat(feed.next(100)).isEmpty();

        insert(jdbc, 4);
        insert(jdbc, 7);
        assertThat(indices(feed.next(100))).as("the filled gap, then what is new").containsExactly(4L, 7L);
        feed.commit();

        insert(jdbc, 3);
        StoredEventFeed restarted = new StoredEventFeed(jdbc, "test", Duration.ofMinutes(1), Clock.systemUTC());
        assertThat(restarted.position()).isEqualTo(7);
        assertThat(indices(restarted.next(100))).as("the remaining gap, remembered across a restart")
                .containsExactly(3L);
        restarted.commit();
        assertThat(restarted.next(100)).isEmpty();
    }

    private static void insert(JdbcTemplate jdbc, long index) {
        jdbc.update("INSERT INTO DomainEventEntry (globalIndex, aggregateIdentifier, sequenceNumber, type, "
                + "eventIdentifier, metaData, payload, payloadRevision, payloadType, timeStamp) VALUES (?, ?, 0, "
                + "'Opportunity', ?, NULL, ?, '1', 'x.Event', '2026-01-01T00:00:00Z')", index, "OPP-" + index,
                "event-" + index, "{}".getBytes());
    }

    private static List<Long> indices(List<PublishedEvent> events) {
        return events.stream().map(PublishedEvent::globalIndex).toList();
    }
}
