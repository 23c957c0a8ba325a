package io.pipelineledger.query.projection;

import io.pipelineledger.events.stream.PayloadDecoder;
import io.pipelineledger.events.EventJson;
import io.pipelineledger.events.MilestoneAchievedEvent;
import io.pipelineledger.events.MilestoneAchievedEvidenceUpcaster;
import io.pipelineledger.events.OpportunityLostEvent;
import io.pipelineledger.events.ids.OpportunityId;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The rebuild's direct read of the event table, and the decoding of what it read (current and older revisions). */
class StoredEventReaderTest {

    @Test
    void readsEveryRowInOrderAcrossRangesAndReportsTheRecentMissingIndicesAsGaps() throws Exception {
        JdbcDataSource db = new JdbcDataSource();
        db.setURL("jdbc:h2:mem:reader-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        List<Long> indices = new ArrayList<>();
        try (Connection c = db.getConnection()) {
            c.createStatement().execute("CREATE TABLE DomainEventEntry (globalIndex BIGINT PRIMARY KEY, "
                    + "aggregateIdentifier VARCHAR(255), sequenceNumber BIGINT, payloadType VARCHAR(255), "
                    + "payloadRevision VARCHAR(255), payload VARBINARY(10000))");
            PreparedStatement insert = c.prepareStatement("INSERT INTO DomainEventEntry VALUES (?, ?, ?, ?, ?, ?)");
            // rows 0..24,999 with holes: 100..199 (long ago) and 24,990..24,994 (recent: maybe still in flight)
            for (long i = 0; i < 25_000; i++) {
                if ((i >= 100 && i < 200) || (i >= 24_990 && i < 24_995)) {
                    continue;
                }
                insert.setLong(1, i);
                insert.setString(2, "OPP-" + (i % 7));
                insert.setLong(3, i / 7);
                insert.setString(4, "x");
                insert.setString(5, null);
                insert.setBytes(6, new byte[]{(byte) i});
                insert.addBatch();
                indices.add(i);
            }
            insert.executeBatch();
        }
        List<Long> read = new ArrayList<>();
        GapAwareTrackingToken token = (GapAwareTrackingToken) new StoredEventReader(db, 1_000)
                .readAll(e -> read.add(e.globalIndex()));
        assertThat(read).isEqualTo(indices);
        assertThat(token.getIndex()).isEqualTo(24_999);
        assertThat(token.getGaps()).containsExactly(24_990L, 24_991L, 24_992L, 24_993L, 24_994L);

        JdbcDataSource empty = new JdbcDataSource();
        empty.setURL("jdbc:h2:mem:empty-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        try (Connection c = empty.getConnection()) {
            c.createStatement().execute("CREATE TABLE DomainEventEntry (globalIndex BIGINT PRIMARY KEY, "
                    + "aggregateIdentifier VARCHAR(255), sequenceNumber BIGINT, payloadType VARCHAR(255), "
                    + "payloadRevision VARCHAR(255), payload VARBINARY(10000))");
        }
        assertThat(new StoredEventReader(empty, 1_000).readAll(e -> read.add(-1L))).isNull();
    }

    @Test
    void decodesCurrentRevisionsDirectlyOlderOnesThroughTheUpcastersAndSkipsUnknownTypes() throws Exception {
        PayloadDecoder decoder = new PayloadDecoder(EventJson.axonSerializer(),
                new EventUpcasterChain(new MilestoneAchievedEvidenceUpcaster()));
        OpportunityLostEvent lost = new OpportunityLostEvent("crm-1", OpportunityId.of("OPP-1"),
                Instant.parse("2026-03-01T10:00:00Z"), "no budget", null);
        Object decoded = new StoredEvent(1, "OPP-1", 0, OpportunityLostEvent.class.getName(), "1",
                EventJson.mapper().writeValueAsBytes(lost)).decodeWith(decoder);
        assertThat(decoded).isEqualTo(lost);

        // revision 1 of a milestone: flat evidence fields, no verified flag
        String revision1 = "{\"eventId\":\"crm-2\",\"opportunityId\":\"OPP-1\",\"occurredAt\":\"2026-03-02T10:00:00Z\","
                + "\"milestoneId\":\"budget-confirmed\",\"evidence\":\"BUYER_ACTION\",\"buyerContact\":\"cfo@buyer\"}";
        Object lifted = new StoredEvent(2, "OPP-1", 1, MilestoneAchievedEvent.class.getName(), "1",
                revision1.getBytes(StandardCharsets.UTF_8)).decodeWith(decoder);
        assertThat(lifted).isInstanceOf(MilestoneAchievedEvent.class);
        assertThat(((MilestoneAchievedEvent) lifted).verified()).isTrue();
        assertThat(((MilestoneAchievedEvent) lifted).evidence().buyerContact()).isEqualTo("cfo@buyer");

        assertThat(new StoredEvent(3, "x", 0, "com.example.Unknown", null, new byte[]{'{', '}'}).decodeWith(decoder))
                .isNull();
    }
}
