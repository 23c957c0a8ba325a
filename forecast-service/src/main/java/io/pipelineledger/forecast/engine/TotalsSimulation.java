package io.pipelineledger.forecast.engine;

import io.pipelineledger.events.stats.Percentiles;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Seeded Monte Carlo of period totals per group, in integer cents (sums are exact, so the order deals are added in
 * cannot change a total). Each term draws from its own random stream, derived from the seed and the term's key
 * (the opportunity id, or the rep for deals not opened yet): the same inputs give the same totals whatever the
 * order or threading.
 *
 * <p>An open deal is Bernoulli(q) × amount. The simulations it wins in are found by geometric skipping (the gap to
 * the next win is geometric), so a deal costs about N·min(q, 1-q) steps instead of N: a deal more likely to win
 * than not is added to every simulation and taken out of the ones it loses.
 *
 * <p>Deals not opened yet are a compound Poisson sum: a count with mean {@code expectedWins × G}, G a gamma factor
 * with mean 1 and variance {@code dispersion} (uncertainty in the rate itself; 0 = plain Poisson), each won at a
 * lognormal amount with the given mean and log-spread.
 *
 * <p>Terms are recorded first and drawn on the first read, in parallel chunks each summing into totals of its own;
 * the chunks' totals are then added (integers: exact in any order).
 */
final class TotalsSimulation {

    /** Terms per task: a group's terms are split into chunks of this many, simulated in parallel. */
    private static final int CHUNK = 4_096;

    private final int simulations;
    private final long seed;
    private final long[][] totals;
    private final long[] base;
    private final List<List<Item>> items;
    private boolean ran;

    /** A term to draw: Bernoulli (count < 0) or compound Poisson. */
    private record Item(String key, double q, long cents, double expectedCount, double amountMean, double logSigma,
                        double dispersion) {
        boolean bernoulli() {
            return expectedCount < 0;
        }
    }

    TotalsSimulation(int groups, int simulations, long seed) {
        this.simulations = simulations;
        this.seed = seed;
        this.totals = new long[groups][];
        this.base = new long[groups];
        this.items = new ArrayList<>(groups);
        for (int g = 0; g < groups; g++) {
            items.add(new ArrayList<>());
        }
    }

    /** An amount already certain (closed won). */
    void fixed(int group, long cents) {
        base[group] += cents;
    }

    void bernoulli(int group, String key, double q, long cents) {
        if (q <= 0 || cents == 0) {
            return;
        }
        if (q >= 1) {
            base[group] += cents;
            return;
        }
        items.get(group).add(new Item(key, q, cents, -1, 0, 0, 0));
    }

    void compoundPoisson(int group, String key, double expectedCount, double amountMean, double logSigma,
                         double dispersion) {
        if (expectedCount <= 0 || amountMean <= 0) {
            return;
        }
        items.get(group).add(new Item(key, 0, 0, expectedCount, amountMean, logSigma, dispersion));
    }

    /**
     * Draws every term. Chunks of a group's terms run in parallel, each into its own totals, added up afterwards:
     * integer sums, so the result does not depend on scheduling.
     */
    private void run() {
        if (ran) {
            return;
        }
        ran = true;
        record Task(int group, List<Item> items) {
        }
        List<Task> tasks = new ArrayList<>();
        for (int g = 0; g < items.size(); g++) {
            List<Item> all = items.get(g);
            for (int from = 0; from < all.size(); from += CHUNK) {
                tasks.add(new Task(g, all.subList(from, Math.min(all.size(), from + CHUNK))));
            }
        }
        long[][] partial = new long[tasks.size()][];
        long[] partialBase = new long[tasks.size()];
        IntStream.range(0, tasks.size()).parallel().forEach(i -> {
            long[] t = new long[simulations];
            long b = 0;
            for (Item item : tasks.get(i).items()) {
                b += item.bernoulli() ? bernoulli(t, item) : compoundPoisson(t, item);
            }
            partial[i] = t;
            partialBase[i] = b;
        });
        for (int i = 0; i < tasks.size(); i++) {
            int g = tasks.get(i).group();
            base[g] += partialBase[i];
            if (totals[g] == null) {
                totals[g] = partial[i];
            } else {
                long[] into = totals[g];
                long[] from = partial[i];
                for (int s = 0; s < simulations; s++) {
                    into[s] += from[s];
                }
            }
        }
    }

    /** Adds the deal's amount in the simulations it wins; returns what it adds to every simulation. */
    private long bernoulli(long[] t, Item item) {
        SplittableRandom random = stream(item.key());
        double q = item.q();
        long cents = item.cents();
        // the gap to the next success is floor(E / -log(1 - p)), E standard exponential
        if (q <= 0.5) {
            double scale = -1 / Math.log1p(-q);
            for (long i = next(random, scale, -1); i < simulations; i = next(random, scale, i)) {
                t[(int) i] += cents;
            }
            return 0;
        }
        double scale = -1 / Math.log(q);
        for (long i = next(random, scale, -1); i < simulations; i = next(random, scale, i)) {
            t[(int) i] -= cents;
        }
        return cents;
    }

    private long compoundPoisson(long[] t, Item item) {
        SplittableRandom random = stream(item.key());
        double sigma = item.logSigma();
        double mu = Math.log(item.amountMean()) - sigma * sigma / 2;
        double dispersion = item.dispersion();
        for (int i = 0; i < simulations; i++) {
            double mean = dispersion > 0
                    ? item.expectedCount() * gamma(random, 1 / dispersion) * dispersion : item.expectedCount();
            int count = poisson(random, mean);
            for (int c = 0; c < count; c++) {
                t[i] += Math.round(Math.exp(mu + sigma * gaussian(random)) * 100);
            }
        }
        return 0;
    }

    /** The group's totals, ascending, in cents. */
    long[] sorted(int group) {
        run();
        long[] s = totals[group] == null ? new long[simulations] : totals[group].clone();
        for (int i = 0; i < s.length; i++) {
            s[i] += base[group];
        }
        Arrays.sort(s);
        return s;
    }

    /**
     * The group's {@link #quantile}s for ascending {@code ps}, by selection rather than a sort of every group's
     * totals (a forecast per rep has 500 groups). Totals in cents are exact as doubles (below 2^53).
     */
    double[] quantiles(int group, double... ps) {
        run();
        double[] totals = new double[simulations];
        if (this.totals[group] != null) {
            for (int i = 0; i < simulations; i++) {
                totals[i] = this.totals[group][i] + base[group];
            }
        } else {
            Arrays.fill(totals, base[group]);
        }
        return Percentiles.select(totals, simulations, ps);
    }

    /** The p-quantile of sorted values ({@link Percentiles#ofSorted}). */
    static double quantile(long[] sorted, double p) {
        double[] values = new double[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            values[i] = sorted[i];
        }
        return Percentiles.ofSorted(values, p);
    }

    /** Index of the next success after {@code i}: skips a geometric number of failures. */
    private static long next(SplittableRandom random, double scale, long i) {
        double gap = Math.floor(random.nextExponential() * scale);
        return gap >= Integer.MAX_VALUE ? Long.MAX_VALUE : i + 1 + (long) gap;
    }

    private SplittableRandom stream(String key) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        for (int i = 0; i < key.length(); i++) {
            h = mix(h ^ key.charAt(i));
        }
        return new SplittableRandom(mix(h + key.length()));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static int poisson(SplittableRandom random, double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 30) {
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(random)));
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int count = 0;
        while (product > limit) {
            count++;
            product *= random.nextDouble();
        }
        return count;
    }

    /** Standard normal: the JDK's ziggurat (Box–Muller's log, root and cosine were a third of a forecast's draws). */
    private static double gaussian(SplittableRandom random) {
        return random.nextGaussian();
    }

    /** Gamma(shape, 1) by Marsaglia–Tsang (boosted for shape < 1). */
    private static double gamma(SplittableRandom random, double shape) {
        if (shape < 1) {
            return gamma(random, shape + 1) * Math.pow(1 - random.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = gaussian(random);
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = 1 - random.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }
}
