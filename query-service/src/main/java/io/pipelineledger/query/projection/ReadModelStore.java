package io.pipelineledger.query.projection;

import io.pipelineledger.events.ids.OpportunityId;
import io.pipelineledger.events.money.ExchangeRate;
import io.pipelineledger.query.model.QueryExchangeRates;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.sql.Date;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The durable read model: a snapshot (the last rebuild's chunks of many deals, then one row per deal a later
 * snapshot rewrote, each holding the deal's facts in the ledger's binary form), the change rows appended since (one
 * per projection batch), and the process versions. Writes join the caller's transaction
 * (the event processor's, with its token).
 */
@Component
public class ReadModelStore {

    private final JdbcTemplate jdbc;
    private final JdbcTemplate streaming;
    private final TransactionTemplate readOnly;
    private final String upsertDeal;
    private final String upsertProcess;
    private final String upsertRate;

    public ReadModelStore(ReadModelSchema schema, JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.streaming = new JdbcTemplate(jdbc.getDataSource());
        this.streaming.setFetchSize(5_000);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        if (schema.postgres()) {
            upsertDeal = "INSERT INTO query_deal (opportunity_id, facts) VALUES (?, ?) "
                    + "ON CONFLICT (opportunity_id) DO UPDATE SET facts = EXCLUDED.facts";
            upsertProcess = "INSERT INTO query_process (version, definition) VALUES (?, ?) "
                    + "ON CONFLICT (version) DO UPDATE SET definition = EXCLUDED.definition";
            upsertRate = "INSERT INTO query_exchange_rate (quote_currency, currency, valid_from, rate, correction) "
                    + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (quote_currency, currency, valid_from) "
                    + "DO UPDATE SET rate = EXCLUDED.rate, correction = EXCLUDED.correction";
        } else {
            upsertDeal = "MERGE INTO query_deal (opportunity_id, facts) KEY (opportunity_id) VALUES (?, ?)";
            upsertProcess = "MERGE INTO query_process (version, definition) KEY (version) VALUES (?, ?)";
            upsertRate = "MERGE INTO query_exchange_rate (quote_currency, currency, valid_from, rate, correction) "
                    + "KEY (quote_currency, currency, valid_from) VALUES (?, ?, ?, ?, ?)";
        }
    }

    public void saveDeals(Map<OpportunityId, byte[]> deals) {
        List<Object[]> rows = new ArrayList<>(deals.size());
        deals.forEach((id, facts) -> rows.add(new Object[]{id.value(), facts}));
        jdbc.batchUpdate(upsertDeal, rows);
    }

    /** Appends one chunk of a rebuilt read model ({@code DealLedger.exportAll}). */
    public void appendDealBatch(byte[] deals) {
        jdbc.update("INSERT INTO query_deal_batch (deals) VALUES (?)", (Object) deals);
    }

    /** Every chunk a rebuild wrote, oldest first. */
    public void forEachDealBatch(Consumer<byte[]> consumer) {
        readOnly.executeWithoutResult(status -> streaming.query("SELECT deals FROM query_deal_batch ORDER BY id",
                rs -> {
                    consumer.accept(rs.getBytes(1));
                }));
    }

    /** Appends one batch's change log. */
    public void appendChanges(byte[] changes) {
        jdbc.update("INSERT INTO query_change (facts) VALUES (?)", (Object) changes);
    }

    /** Every change row not yet folded into the snapshot, oldest first; returns the highest id seen (or 0). */
    public long forEachChange(Consumer<byte[]> consumer) {
        long[] last = {0};
        readOnly.executeWithoutResult(status -> streaming.query("SELECT id, facts FROM query_change ORDER BY id",
                rs -> {
                    last[0] = rs.getLong(1);
                    consumer.accept(rs.getBytes(2));
                }));
        return last[0];
    }

    /** The highest change row id visible now (0 when none). */
    public long lastChangeId() {
        Long last = jdbc.queryForObject("SELECT MAX(id) FROM query_change", Long.class);
        return last == null ? 0 : last;
    }

    /** Drops change rows folded into the snapshot. */
    public void deleteChangesUpTo(long id) {
        jdbc.update("DELETE FROM query_change WHERE id <= ?", id);
    }

    public void saveProcess(int version, String definition) {
        jdbc.update(upsertProcess, version, definition);
    }

    /** Every stored deal, streamed (a million rows do not sit in memory twice). */
    public void forEachDeal(BiConsumer<OpportunityId, byte[]> consumer) {
        // in a transaction, so PostgreSQL streams with the fetch size instead of reading every row first
        readOnly.executeWithoutResult(status -> streaming.query("SELECT opportunity_id, facts FROM query_deal",
                rs -> {
                    consumer.accept(OpportunityId.of(rs.getString(1)), rs.getBytes(2));
                }));
    }

    public Map<OpportunityId, byte[]> deals(Collection<OpportunityId> ids) {
        Map<OpportunityId, byte[]> found = new LinkedHashMap<>();
        for (OpportunityId id : ids) {
            jdbc.query("SELECT facts FROM query_deal WHERE opportunity_id = ?",
                    rs -> {
                        found.put(id, rs.getBytes(1));
                    }, id.value());
        }
        return found;
    }

    /** Process versions and their JSON, oldest first. */
    public Map<Integer, String> processes() {
        Map<Integer, String> processes = new LinkedHashMap<>();
        jdbc.query("SELECT version, definition FROM query_process ORDER BY version",
                rs -> {
                    processes.put(rs.getInt(1), rs.getString(2));
                });
        return processes;
    }

    /** Keeps rates (a later one for the same currency, quote and date replaces the earlier: a correction). */
    public void saveRates(List<QueryExchangeRates.Kept> rates) {
        List<Object[]> rows = new ArrayList<>(rates.size());
        rates.forEach(k -> rows.add(new Object[]{k.rate().quoteCurrency(), k.rate().currency(),
                Date.valueOf(k.rate().validFrom()), k.rate().rate().toPlainString(), k.correction()}));
        jdbc.batchUpdate(upsertRate, rows);
    }

    /** Every rate kept. */
    public List<QueryExchangeRates.Kept> rates() {
        return jdbc.query("SELECT quote_currency, currency, valid_from, rate, correction FROM query_exchange_rate "
                        + "ORDER BY quote_currency, currency, valid_from",
                (rs, row) -> new QueryExchangeRates.Kept(new ExchangeRate(rs.getString(2),
                        rs.getDate(3).toLocalDate(), new BigDecimal(rs.getString(4)), rs.getString(1)),
                        rs.getLong(5)));
    }

    public void clear() {
        jdbc.update("DELETE FROM query_exchange_rate");
        jdbc.update("DELETE FROM query_change");
        jdbc.update("DELETE FROM query_deal");
        jdbc.update("DELETE FROM query_deal_batch");
        jdbc.update("DELETE FROM query_process");
    }
}
