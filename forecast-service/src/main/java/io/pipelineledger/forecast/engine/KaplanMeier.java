package io.pipelineledger.forecast.engine;

import java.util.Arrays;

/**
 * The Kaplan–Meier estimate of a survival function S(t) = P(T > t) from durations of which some are censored
 * (the stay was still going on when observation stopped: it lasted at least that long). At each distinct event
 * time t_i with d_i events among the n_i durations still at risk (durations ≥ t_i, censored ones included),
 * S drops by the factor (1 - d_i / n_i). A duration censored at exactly an event time counts as at risk then.
 *
 * <p>Weighted (recency): each duration carries a weight w, d_i and n_i become the weights' sums of the events at t_i
 * and of the durations at risk. {@link #effectiveEvents()} is the events' Kish effective count
 * (sum w)^2 / sum w^2, which equals {@link #events()} when every weight is 1.
 */
public final class KaplanMeier {

    private final double[] times;      // distinct event times, ascending
    private final double[] survival;   // S just after each
    private final double lastObserved; // the longest duration, event or censored
    private final int events;
    private final double effectiveEvents;

    private KaplanMeier(double[] times, double[] survival, double lastObserved, int events, double effectiveEvents) {
        this.times = times;
        this.survival = survival;
        this.lastObserved = lastObserved;
        this.events = events;
        this.effectiveEvents = effectiveEvents;
    }

    /** Durations with {@code observed[i]} false for censored ones. Order does not matter. */
    public static KaplanMeier estimate(double[] durations, boolean[] observed) {
        return estimate(durations, observed, null);
    }

    /**
     * Weighted durations ({@code weights} null: every weight 1, the classic estimate). With weights of 1 every sum is
     * a whole number held exactly, so the result is the unweighted one bit for bit.
     */
    public static KaplanMeier estimate(double[] durations, boolean[] observed, double[] weights) {
        int n = durations.length;
        // sort by duration, events before censorings at the same duration
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> {
            int c = Double.compare(durations[a], durations[b]);
            return c != 0 ? c : Boolean.compare(!observed[a], !observed[b]);
        });
        double[] t = new double[n];
        double[] s = new double[n];
        int m = 0;
        int events = 0;
        double eventWeight = 0;
        double eventWeight2 = 0;
        double current = 1;
        // at risk = the weight of the durations not yet passed, summed from the longest down (no cancellation)
        double[] atRiskFrom = new double[n + 1];
        for (int j = n - 1; j >= 0; j--) {
            atRiskFrom[j] = atRiskFrom[j + 1] + weight(weights, idx[j]);
        }
        int i = 0;
        while (i < n) {
            double time = durations[idx[i]];
            double atRisk = atRiskFrom[i];
            double d = 0;
            int count = 0;
            while (i < n && durations[idx[i]] == time) {
                if (observed[idx[i]]) {
                    double w = weight(weights, idx[i]);
                    d += w;
                    eventWeight2 += w * w;
                    count++;
                }
                i++;
            }
            if (count > 0) {
                current *= atRisk > 0 ? Math.max(0, 1 - d / atRisk) : 1;
                t[m] = time;
                s[m] = current;
                m++;
                events += count;
                eventWeight += d;
            }
        }
        double effective = eventWeight2 > 0 ? eventWeight * eventWeight / eventWeight2 : 0;
        return new KaplanMeier(Arrays.copyOf(t, m), Arrays.copyOf(s, m), n == 0 ? 0 : durations[idx[n - 1]],
                events, effective);
    }

    private static double weight(double[] weights, int i) {
        return weights == null ? 1 : weights[i];
    }

    /** S(t) = P(T > t), a right-continuous step function; beyond the longest duration it stays at its last value. */
    public double survival(double t) {
        int i = Arrays.binarySearch(times, t);
        int lastAtOrBefore = i >= 0 ? i : -i - 2;
        return lastAtOrBefore < 0 ? 1 : survival[lastAtOrBefore];
    }

    public int events() {
        return events;
    }

    /** The events' Kish effective count (sum w)^2 / sum w^2: what a threshold on "enough exits" compares. */
    public double effectiveEvents() {
        return effectiveEvents;
    }

    public double lastObserved() {
        return lastObserved;
    }
}
