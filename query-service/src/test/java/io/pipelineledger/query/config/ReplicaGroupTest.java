package io.pipelineledger.query.config;

import io.pipelineledger.events.stream.StreamTables;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The consumer group a read model names, on real (H2) databases: one per database, kept across starts. */
class ReplicaGroupTest {

    private static JdbcTemplate freshDatabase() {
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(
                "jdbc:h2:mem:replica-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", ""));
        new StreamTables(jdbc); // the offsets table, as KafkaQueryConfig creates it first
        return jdbc;
    }

    @Test
    void aDatabaseNamesItsGroupOnceAndKeepsIt() {
        JdbcTemplate jdbc = freshDatabase();
        String group = ReplicaGroup.of(jdbc, "query-service");
        assertThat(group).matches("query-service-[0-9a-f]{8}");
        assertThat(ReplicaGroup.of(jdbc, "query-service")).as("the next start").isEqualTo(group);
        assertThat(ReplicaGroup.of(jdbc, "another-prefix")).as("stored, whatever the prefix now").isEqualTo(group);
        assertThat(jdbc.queryForObject("SELECT consumer_group FROM ledger_query_replica", String.class))
                .isEqualTo(group);
    }

    @Test
    void twoDatabasesNeverShareAGroup() {
        String a = ReplicaGroup.of(freshDatabase(), "query-service");
        String b = ReplicaGroup.of(freshDatabase(), "query-service");
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void aReadModelWithOffsetsUnderThePrefixKeepsThatGroup() {
        JdbcTemplate jdbc = freshDatabase();
        new StreamTables(jdbc).saveOffsets("query-service", "pipeline-ledger.events", Map.of(0, 42L, 1, 7L));
        assertThat(ReplicaGroup.of(jdbc, "query-service")).as("written before groups were named by the database")
                .isEqualTo("query-service");
        assertThat(new StreamTables(jdbc).offsets("query-service", "pipeline-ledger.events"))
                .containsEntry(0, 42L).containsEntry(1, 7L);
    }
}
