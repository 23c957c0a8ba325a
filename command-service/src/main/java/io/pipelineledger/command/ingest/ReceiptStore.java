package io.pipelineledger.command.ingest;

import io.pipelineledger.command.api.OpportunityCommand;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The CRM event ids the ledger has recorded, written in the same transaction as the events themselves: the
 * idempotency record that survives restarts. Its primary key makes a concurrent duplicate fail the transaction
 * rather than become a second fact.
 */
@Component
public class ReceiptStore {

    private static final int CHUNK = 500;

    private final JdbcTemplate jdbc;

    public ReceiptStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Set<String> existing(Collection<String> eventIds) {
        Set<String> found = new HashSet<>();
        List<String> ids = new ArrayList<>(eventIds);
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            String placeholders = String.join(",", Collections.nCopies(chunk.size(), "?"));
            found.addAll(jdbc.queryForList("SELECT event_id FROM crm_event_receipt WHERE event_id IN ("
                    + placeholders + ")", String.class, chunk.toArray()));
        }
        return found;
    }

    /** Must run inside the transaction that appends the events. */
    public void record(List<OpportunityCommand> recorded, Instant recordedAt) {
        OffsetDateTime at = recordedAt.atOffset(ZoneOffset.UTC);
        jdbc.batchUpdate("INSERT INTO crm_event_receipt (event_id, opportunity_id, command, occurred_at, recorded_at)"
                        + " VALUES (?, ?, ?, ?, ?)", recorded, recorded.size(), (statement, command) -> {
                    statement.setString(1, command.eventId());
                    statement.setString(2, command.opportunityId().value());
                    statement.setString(3, command.getClass().getSimpleName());
                    statement.setObject(4, command.occurredAt().atOffset(ZoneOffset.UTC));
                    statement.setObject(5, at);
                });
    }

    public long count() {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM crm_event_receipt", Long.class);
        return count == null ? 0 : count;
    }
}
