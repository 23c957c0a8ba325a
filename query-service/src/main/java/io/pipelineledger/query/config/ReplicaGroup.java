package io.pipelineledger.query.config;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * The consumer group of the query service's read model, named by its database: the first start writes
 * {@code <prefix>-<8 random hex digits>} into the table {@code ledger_query_replica}, and every later start reads it
 * back. Each replica has a read model (database or schema) of its own, so replicas never share a group and each
 * reads every partition; two instances pointed at one database get the same group, which the second one finds
 * already read (ConsumerGroups) and refuses to start. A database that already holds offsets under the prefix itself
 * (written before groups were named this way) keeps that group and its offsets.
 */
public final class ReplicaGroup {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ReplicaGroup() {
    }

    /** This read model's group, created on first use. */
    public static String of(JdbcTemplate jdbc, String prefix) {
        jdbc.execute("CREATE TABLE IF NOT EXISTS ledger_query_replica (id INT NOT NULL PRIMARY KEY, "
                + "consumer_group VARCHAR(255) NOT NULL)");
        List<String> stored = stored(jdbc);
        if (!stored.isEmpty()) {
            return stored.get(0);
        }
        Integer earlier = jdbc.queryForObject("SELECT COUNT(*) FROM ledger_consumer_offset WHERE group_id = ?",
                Integer.class, prefix);
        String group = earlier != null && earlier > 0 ? prefix : prefix + "-" + randomSuffix();
        try {
            jdbc.update("INSERT INTO ledger_query_replica (id, consumer_group) VALUES (1, ?)", group);
        } catch (DataIntegrityViolationException raced) {
            // another instance on this same database named it first: take its name (and be refused by the group)
        }
        return stored(jdbc).get(0);
    }

    private static List<String> stored(JdbcTemplate jdbc) {
        return jdbc.queryForList("SELECT consumer_group FROM ledger_query_replica WHERE id = 1", String.class);
    }

    private static String randomSuffix() {
        byte[] bytes = new byte[4];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
