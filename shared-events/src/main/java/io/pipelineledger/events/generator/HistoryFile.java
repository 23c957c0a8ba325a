package io.pipelineledger.events.generator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Writes a generated two-year CRM history as request bodies for {@code POST /api/v1/events}: {@code chunk-0001.json},
 * {@code chunk-0002.json}, … in the given directory, each a JSON array of at most {@code chunkSize} events in delivery
 * order. The same seed and end give the same files, so a run that posts them is repeatable.
 *
 * <p>{@code HistoryFile <dir> [end=2026-10-01T00:00:00Z] [seed=7] [chunkSize=2000]}; prints the number of events and
 * of chunks. Used by {@code deploy/e2e/run}.
 */
public final class HistoryFile {

    static final Instant DEFAULT_END = Instant.parse("2026-10-01T00:00:00Z");
    static final long DEFAULT_SEED = 7;
    static final int DEFAULT_CHUNK = 2_000;

    private HistoryFile() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 4) {
            System.err.println("usage: HistoryFile <dir> [end=" + DEFAULT_END + "] [seed=" + DEFAULT_SEED
                    + "] [chunkSize=" + DEFAULT_CHUNK + "]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Instant end = args.length > 1 ? Instant.parse(args[1]) : DEFAULT_END;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : DEFAULT_SEED;
        int chunkSize = args.length > 3 ? Integer.parseInt(args[3]) : DEFAULT_CHUNK;
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be positive: " + chunkSize);
        }
        int[] written = write(dir, end, seed, chunkSize);
        System.out.println(written[0] + " events in " + written[1] + " chunks (seed " + seed + ", end " + end
                + ") in " + dir.toAbsolutePath());
    }

    /** Writes the chunks (replacing any earlier chunk files there) and answers {events, chunks}. */
    static int[] write(Path dir, Instant end, long seed, int chunkSize) throws IOException {
        List<CrmEvent> events = new CrmHistoryGenerator().generate(CrmHistoryGenerator.Settings.twoYears(seed, end))
                .events();
        Files.createDirectories(dir);
        try (var old = Files.newDirectoryStream(dir, "chunk-*.json")) {
            for (Path file : old) {
                Files.delete(file);
            }
        }
        int chunks = 0;
        for (int from = 0; from < events.size(); from += chunkSize) {
            List<CrmEvent> part = events.subList(from, Math.min(events.size(), from + chunkSize));
            Path file = dir.resolve(String.format(Locale.ROOT, "chunk-%04d.json", ++chunks));
            Files.writeString(file, CrmEvent.toJsonArray(part), StandardCharsets.UTF_8);
        }
        return new int[] {events.size(), chunks};
    }
}
