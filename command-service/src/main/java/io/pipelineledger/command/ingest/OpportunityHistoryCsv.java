package io.pipelineledger.command.ingest;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import io.pipelineledger.events.period.BusinessTime;

/**
 * A CRM's opportunity-history export (one row per change: the opportunity's state from {@code changedAt} on) turned
 * into the ledger's CRM events, for backfilling years of history. Columns, by header name (any order, case
 * ignored): {@code opportunityId}, {@code changedAt} (instant or date), {@code stage} (the CRM's stage name),
 * {@code amount}, {@code repId}; optional {@code currency}, {@code teamId}, {@code regionId}, {@code closeDate}
 * (yyyy-mm-dd). The mapping names, for each CRM stage name, the process stage it is, or {@code WON} or {@code LOST}.
 *
 * <p>Per opportunity, rows in time order: the first opens it; each later row's differences from the one before
 * become facts — a new owner, amount or close date, and a stage move (to WON: won; to LOST: lost; from a closed
 * stage back to an open one: reopened). Event ids are derived from the opportunity, the time and the kind of fact,
 * so importing the same file again records nothing twice. A row that cannot be read is reported by its line number
 * and left out; the others are imported.
 */
public final class OpportunityHistoryCsv {

    /** One CRM event to post, with the line it came from. */
    public record Converted(int line, Map<String, Object> event) {
    }

    /** A row left out, by line number (1 is the header), with the column at fault (null for the row as such). */
    public record RowError(int line, String field, String error) {
    }

    /** One cell that cannot be read: the row is left out and reported, the other rows go on. */
    private static final class BadCell extends IllegalArgumentException {
        private final String field;

        BadCell(String field, String message) {
            super(field + " " + message, null);
            this.field = field;
        }
    }

    public record Result(int rows, List<Converted> events, List<RowError> errors) {
    }

    /** Business times the converter can place (an event id takes the epoch millisecond); later ones are refused. */
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    private static final String WON = "WON";
    private static final String LOST = "LOST";

    private final Map<String, String> mapping;

    /** {@code mapping}: CRM stage name → process stage id, {@code WON} or {@code LOST}. */
    public OpportunityHistoryCsv(Map<String, String> mapping) {
        this.mapping = Map.copyOf(mapping);
    }

    /** The mapping file: {@code CRM stage name = process-stage-id | WON | LOST} per line; # comments. */
    public static Map<String, String> parseMapping(String text) {
        Map<String, String> mapping = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0 || line.substring(eq + 1).isBlank()) {
                throw new IllegalArgumentException("mapping line " + (i + 1) + " is not 'CRM stage = process stage'");
            }
            mapping.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
        return mapping;
    }

    private record Row(int line, String opportunityId, Instant at, String stage, BigDecimal amount, String currency,
                       String repId, String teamId, String regionId, String closeDate) {
    }

    public Result convert(String csv) {
        // Excel's "CSV UTF-8" starts with a byte-order mark
        List<List<String>> records = records(csv.startsWith("\uFEFF") ? csv.substring(1) : csv);
        List<RowError> errors = new ArrayList<>();
        List<Converted> events = new ArrayList<>();
        if (records.isEmpty()) {
            return new Result(0, events, List.of(new RowError(1, null, "no header")));
        }
        Map<String, Integer> columns = new HashMap<>();
        List<String> header = records.get(0);
        List<String> names = new ArrayList<>();
        for (int c = 0; c < header.size(); c++) {
            columns.put(header.get(c).strip().toLowerCase(Locale.ROOT), c);
            names.add(header.get(c).strip());
        }
        for (String required : List.of("opportunityid", "changedat", "stage", "amount", "repid")) {
            if (!columns.containsKey(required)) {
                return new Result(records.size() - 1, events, List.of(new RowError(1, required,
                        "the header has no column " + required)));
            }
        }
        Map<String, List<Row>> byDeal = new LinkedHashMap<>();
        for (int r = 1; r < records.size(); r++) {
            List<String> cells = records.get(r);
            int line = r + 1;
            if (cells.size() == 1 && cells.get(0).isBlank()) {
                continue;
            }
            try {
                checkText(cells, names);
                Row row = row(line, cells, columns);
                byDeal.computeIfAbsent(row.opportunityId(), k -> new ArrayList<>()).add(row);
            } catch (BadCell e) {
                errors.add(new RowError(line, e.field, e.getMessage()));
            } catch (IllegalArgumentException e) {
                errors.add(new RowError(line, null, e.getMessage()));
            }
        }
        byDeal.forEach((id, rows) -> {
            rows.sort(Comparator.comparing(Row::at).thenComparingInt(Row::line));
            List<Converted> deal = new ArrayList<>();
            try {
                convertDeal(rows, deal);
                events.addAll(deal);
            } catch (RuntimeException e) {
                // never expected (every cell was checked): this deal is reported, the others are still imported
                errors.add(new RowError(rows.get(0).line(), "opportunityId", "the history of " + id
                        + " could not be converted"));
            }
        });
        errors.sort(Comparator.comparingInt(RowError::line));
        return new Result(records.size() - 1, events, errors);
    }

    /** Every cell of the row is one-line text: no control characters, no bytes that were not UTF-8. */
    private static void checkText(List<String> cells, List<String> names) {
        for (int c = 0; c < cells.size(); c++) {
            String problem = TextRules.problem(cells.get(c), false);
            if (problem != null) {
                throw new BadCell(c < names.size() ? names.get(c) : "column " + (c + 1), problem);
            }
        }
    }

    private Row row(int line, List<String> cells, Map<String, Integer> columns) {
        String id = cell(cells, columns, "opportunityid");
        if (id == null) {
            throw new BadCell("opportunityId", "is missing");
        }
        String changed = cell(cells, columns, "changedat");
        Instant at = changed == null ? null : BusinessTime.parse(changed).orElse(null);
        if (at == null) {
            throw new BadCell("changedAt", "must be an ISO-8601 instant or date (was '" + shorten(changed) + "')");
        }
        if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
            throw new BadCell("changedAt", "must be between " + EARLIEST + " and " + LATEST + " (was '"
                    + shorten(changed) + "')");
        }
        String crmStage = cell(cells, columns, "stage");
        String stage = crmStage == null ? null : mapping.get(crmStage);
        if (stage == null) {
            throw new BadCell("stage", "'" + shorten(crmStage) + "' is not in the mapping");
        }
        String amountText = cell(cells, columns, "amount");
        BigDecimal amount;
        try {
            // the length first: building a BigDecimal from a long digit string is quadratic
            if (amountText == null || amountText.length() > JsonInput.MAX_AMOUNT_TEXT) {
                throw new NumberFormatException();
            }
            amount = new BigDecimal(amountText);
        } catch (NumberFormatException e) {
            throw new BadCell("amount", "must be a number of at most " + JsonInput.MAX_AMOUNT_TEXT
                    + " characters (was '" + shorten(amountText) + "')");
        }
        String rep = cell(cells, columns, "repid");
        if (rep == null) {
            throw new BadCell("repId", "is missing");
        }
        String closeDate = cell(cells, columns, "closedate");
        if (closeDate != null) {
            try {
                LocalDate.parse(closeDate);
            } catch (RuntimeException e) {
                throw new BadCell("closeDate", "must be yyyy-mm-dd (was '" + shorten(closeDate) + "')");
            }
        }
        return new Row(line, id, at, stage, amount, cell(cells, columns, "currency"), rep,
                cell(cells, columns, "teamid"), cell(cells, columns, "regionid"), closeDate);
    }

    private static void convertDeal(List<Row> rows, List<Converted> out) {
        Row first = rows.get(0);
        if (closed(first.stage())) {
            // the CRM knew it only closed: open it in no stage the ledger could invent; report instead
            out.add(new Converted(first.line(), event(first, "OpportunityOpened", Map.of("stage", first.stage()))));
            return;
        }
        Map<String, Object> opened = new LinkedHashMap<>();
        opened.put("repId", first.repId());
        putIfPresent(opened, "teamId", first.teamId());
        putIfPresent(opened, "regionId", first.regionId());
        opened.put("stage", first.stage());
        opened.put("amount", first.amount());
        putIfPresent(opened, "currency", first.currency());
        putIfPresent(opened, "expectedCloseDate", first.closeDate());
        out.add(new Converted(first.line(), event(first, "OpportunityOpened", opened)));
        Row before = first;
        for (Row row : rows.subList(1, rows.size())) {
            boolean wasClosed = closed(before.stage());
            boolean closing = closed(row.stage());
            if (wasClosed && !closing) {
                // reopened first: a closed deal takes no other change
                out.add(new Converted(row.line(), event(row, "OpportunityReopened", Map.of("stage", row.stage()))));
            }
            if (!row.repId().equals(before.repId()) || !Objects.equals(row.teamId(), before.teamId())
                    || !Objects.equals(row.regionId(), before.regionId())) {
                Map<String, Object> owner = new LinkedHashMap<>();
                owner.put("repId", row.repId());
                putIfPresent(owner, "teamId", row.teamId());
                putIfPresent(owner, "regionId", row.regionId());
                out.add(new Converted(row.line(), event(row, "OwnerReassigned", owner)));
            }
            if (row.amount().compareTo(before.amount()) != 0 && !closing) {
                out.add(new Converted(row.line(), event(row, "AmountRevised", Map.of("amount", row.amount()))));
            }
            if (row.closeDate() != null && !row.closeDate().equals(before.closeDate())) {
                out.add(new Converted(row.line(), event(row, "CloseDateRevised",
                        Map.of("expectedCloseDate", row.closeDate()))));
            }
            if (!row.stage().equals(before.stage()) && !(wasClosed && !closing)) {
                if (row.stage().equals(WON)) {
                    out.add(new Converted(row.line(), event(row, "OpportunityWon", Map.of("amount", row.amount()))));
                } else if (row.stage().equals(LOST)) {
                    out.add(new Converted(row.line(), event(row, "OpportunityLost", Map.of())));
                } else {
                    out.add(new Converted(row.line(), event(row, "StageChanged", Map.of("toStage", row.stage()))));
                }
            }
            before = row;
        }
    }

    /** A stage the mapping makes won or lost rather than a process stage. */
    private static boolean closed(String stage) {
        return stage.equals(WON) || stage.equals(LOST);
    }

    private static Map<String, Object> event(Row row, String type, Map<String, Object> fields) {
        Map<String, Object> event = new LinkedHashMap<>();
        // derived from what the fact is (deal, time, kind, new values), so a second import of the same file is all
        // duplicates while two changes on one day stay two facts; hashed to fit the 128-character id rule
        event.put("eventId", "csv:" + sha256(row.opportunityId() + '|' + row.at().toEpochMilli() + '|' + type + '|'
                + new TreeMap<>(fields)));
        event.put("type", type);
        event.put("opportunityId", row.opportunityId());
        event.put("occurredAt", row.at().toString());
        event.putAll(fields);
        return event;
    }

    private static String sha256(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A cell as quoted back in an error: never more than 64 characters of what was sent. */
    private static String shorten(String value) {
        return value == null || value.length() <= 64 ? value : value.substring(0, 61) + "...";
    }

    private static void putIfPresent(Map<String, Object> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static String cell(List<String> cells, Map<String, Integer> columns, String name) {
        Integer c = columns.get(name);
        if (c == null || c >= cells.size()) {
            return null;
        }
        String value = cells.get(c).strip();
        return value.isEmpty() ? null : value;
    }

    /** RFC 4180 records: commas, double-quoted cells (with "" for a quote and line breaks inside quotes). */
    static List<List<String>> records(String csv) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                record.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                    i++;
                }
                record.add(cell.toString());
                cell.setLength(0);
                records.add(record);
                record = new ArrayList<>();
            } else {
                cell.append(c);
            }
        }
        if (cell.length() > 0 || !record.isEmpty()) {
            record.add(cell.toString());
            records.add(record);
        }
        return records;
    }
}
