package io.pipelineledger.command.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.pipelineledger.command.ingest.BadRequestBodyException;
import io.pipelineledger.command.ingest.body.BodyLimits;
import io.pipelineledger.command.ingest.body.EventBodyReader;
import io.pipelineledger.events.EventJson;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reading event bodies (issue 13, item 2), in-process so the figures are the parser's and not the network's: the
 * streaming reader against the tree reader it replaced (same run, same JVM, same bodies), for a valid 100,000-event
 * batch, the 16 M {@code {}} body and long amounts. Run with {@code mvn -pl command-service -am test -Pbenchmark
 * -Dtest=BodyParsingBenchmark}; results go to BENCHMARKS.md.
 */
@Tag("benchmark")
class BodyParsingBenchmark {

    private static final BodyLimits DEFAULTS = new BodyLimits(100_000, 64L << 20);
    private static final JsonFactory FACTORY = DEFAULTS.jsonFactory();
    private static final ObjectMapper TREES = EventJson.mapper();
    private static final int CHUNK = 8192;

    @Test
    void readingBodies() throws Exception {
        byte[] batch = batch(100_000);
        for (int warm = 0; warm < 3; warm++) {
            streamed(batch);
            TREES.readTree(batch);
        }
        long streamed = best(() -> streamed(batch));
        long tree = best(() -> TREES.readTree(batch));
        System.out.printf("valid batch, 100,000 events (%d MB): streaming %d ms, tree (before) %d ms, ratio %.2f%n",
                batch.length >> 20, streamed, tree, (double) streamed / tree);

        byte[] empties = new byte[1 + 16_000_000 * 3];
        empties[0] = '[';
        for (int i = 1; i < empties.length; i += 3) {
            empties[i] = '{';
            empties[i + 1] = '}';
            empties[i + 2] = ',';
        }
        long allocatedBefore = allocated();
        long refusedIn = best(() -> {
            try {
                streamed(empties);
                throw new AssertionError("not refused");
            } catch (BadRequestBodyException expected) {
                if (expected.status() != 413) {
                    throw expected;
                }
            }
        });
        long allocatedPerRefusal = (allocated() - allocatedBefore) / 5;
        long scan = best(() -> Arrays.hashCode(empties));
        System.out.printf("16 M {} (%d MB): refused 413 after %d ms (reference: one pass over the bytes %d ms); "
                + "allocated per refusal %d MB (the body is %d MB)%n", empties.length >> 20, refusedIn, scan,
                allocatedPerRefusal >> 20, empties.length >> 20);

        for (int digits : new int[]{10_000, 100_000, 1_000_000}) {
            String number = "1".repeat(digits);
            byte[] body = ("[{\"eventId\":\"e\",\"amount\":" + number + "}]").getBytes(StandardCharsets.US_ASCII);
            long refused = bestNanos(() -> {
                try {
                    streamed(body);
                } catch (BadRequestBodyException expected) {
                    // refused by length
                }
            });
            long bigDecimal = digits > 100_000 ? -1 : bestNanos(() -> new BigDecimal(number));
            System.out.printf("amount of %,d digits: refused in %.2f ms; new BigDecimal (before) %s%n", digits,
                    refused / 1e6, bigDecimal < 0 ? "not run (~20 s measured in the issue)"
                            : String.format("%.2f ms", bigDecimal / 1e6));
        }
    }

    private static void streamed(byte[] body) {
        EventBodyReader reader = EventBodyReader.of(false, DEFAULTS, FACTORY, JsonNodeFactory.instance);
        for (int from = 0; from < body.length; from += CHUNK) {
            reader.feed(body, from, Math.min(body.length, from + CHUNK));
        }
        reader.finish();
    }

    private static byte[] batch(int events) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < events; i++) {
            out.append(i == 0 ? "" : ",").append("{\"eventId\":\"bench-").append(i)
                    .append("\",\"type\":\"OpportunityOpened\",\"opportunityId\":\"OPP-").append(i / 5)
                    .append("\",\"occurredAt\":\"2025-01-01T00:00:00Z\",\"repId\":\"rep-1\",\"teamId\":\"team-1\","
                            + "\"stage\":\"prospecting\",\"amount\":1250.50,\"currency\":\"EUR\",\"source\":\"crm\"}");
        }
        return out.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    interface Work {
        void run() throws Exception;
    }

    private static long best(Work work) throws Exception {
        return bestNanos(work) / 1_000_000;
    }

    private static long bestNanos(Work work) throws Exception {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long started = System.nanoTime();
            work.run();
            best = Math.min(best, System.nanoTime() - started);
        }
        return best;
    }

    /** Bytes this thread has allocated so far. */
    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

}
