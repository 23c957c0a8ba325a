package io.pipelineledger.forecast.engine;

import java.util.Arrays;

/**
 * The Kaplan–Meier estimate of a survival function S(t) = P(T > t) from durations of which some are censored
 * (the stay was still going on when observation stopped: it lasted at least that long). At each distinct event
 * time t_i with d_i events among the n_i durations still at risk (durations ≥ t_i, censored ones included),
 * S drops by the factor (1 - d_i / n_i). A duration censored at exactly an event time counts as at risk then.
 */
public final class KaplanMeier {

    private final double[] times;      // distinct event times, ascending
    private final double[] survival;   // S just after each
    private final double lastObserved; // the longest duration, event or censored
    private final int events;

    private KaplanMeier(double[] times, double[] survival, double lastObserved, int events) {
        this.times = times;
        this.survival = survival;
        this.lastObserved = lastObserved;
        this.events = events;
    }

    /** Durations with {@code observed[i]} false for censored ones. Order does not matter. */
    public static KaplanMeier estimate(double[] durations, boolean[] observed) {
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
        double current = 1;
        int atRisk = n;
        int i = 0;
        while (i < n) {
            double time = durations[idx[i]];
            int d = 0;
            int c = 0;
            while (i < n && durations[idx[i]] == time) {
                if (observed[idx[i]]) {
                    d++;
                } else {
                    c++;
                }
                i++;
            }
            if (d > 0) {
                current *= 1 - d / (double) atRisk;
                t[m] = time;
                s[m] = current;
                m++;
                events += d;
            }
            atRisk -= d + c;
        }
        return new KaplanMeier(Arrays.copyOf(t, m), Arrays.copyOf(s, m), n == 0 ? 0 : durations[idx[n - 1]],
                events);
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

    public double lastObserved() {
        return lastObserved;
    }
}
