package io.pipelineledger.forecast.snapshot;

import org.springframework.jdbc.core.JdbcTemplate;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The snapshot's table, in the service's own database (H2 or PostgreSQL: plain SQL both take): one snapshot, as
 * rows of at most {@value #CHUNK_BYTES} bytes in order. Writes join the caller's transaction, so a snapshot is
 * replaced whole or not at all.
 */
public final class ForecastSnapshotStore {

    static final int CHUNK_BYTES = 8 << 20;

    private final JdbcTemplate jdbc;

    public ForecastSnapshotStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        jdbc.execute("CREATE TABLE IF NOT EXISTS forecast_snapshot (chunk_no INT NOT NULL PRIMARY KEY, "
                + "bytes BYTEA NOT NULL)");
    }

    /** Replaces the stored snapshot. */
    public void save(byte[] snapshot) {
        clear();
        List<Object[]> rows = new ArrayList<>();
        for (int from = 0, chunk = 0; from < snapshot.length || chunk == 0; from += CHUNK_BYTES, chunk++) {
            rows.add(new Object[]{chunk, Arrays.copyOfRange(snapshot, from,
                    Math.min(snapshot.length, from + CHUNK_BYTES))});
        }
        jdbc.batchUpdate("INSERT INTO forecast_snapshot (chunk_no, bytes) VALUES (?, ?)", rows);
    }

    /** The stored snapshot, null when there is none. */
    public byte[] load() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean[] found = {false};
        jdbc.query("SELECT bytes FROM forecast_snapshot ORDER BY chunk_no", rs -> {
            found[0] = true;
            bytes.writeBytes(rs.getBytes(1));
        });
        return found[0] ? bytes.toByteArray() : null;
    }

    public void clear() {
        jdbc.update("DELETE FROM forecast_snapshot");
    }
}
