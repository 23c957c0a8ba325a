package io.pipelineledger.forecast.engine;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * How long deals stay in each open stage, whatever they leave it for: a Kaplan–Meier curve per stage for the
 * company and per (team, stage). Stays still going on at as-of are censored at as-of, not dropped (dropping them
 * would bias stays short). A team's own curve is used for a stage once the team has
 * {@link ForecastSettings#dwellMinExits()} exits from it; otherwise the company's.
 *
 * <p>Recency: each stay carries its weight (an exit's by its age, a censored stay 1) into a weighted Kaplan–Meier
 * curve, and the exits a team "has" are their Kish effective count (sum w)^2 / sum w^2, so an old history does not
 * pass the threshold on numbers it no longer carries.
 *
 * <p>The stay's length is taken as independent of where the deal goes next (a semi-Markov chain with
 * destination-independent holding times).
 */
public final class StageDwellTimes {

    private final DwellCurve[] company;
    private final Map<String, DwellCurve[]> teams;

    private StageDwellTimes(DwellCurve[] company, Map<String, DwellCurve[]> teams) {
        this.company = company;
        this.teams = teams;
    }

    /** The curve for deals of the team in the stage. */
    DwellCurve curve(String team, int stage) {
        DwellCurve[] own = teams.get(team);
        return own != null && own[stage] != null ? own[stage] : company[stage];
    }

    /** P(a stay in the stage lasts more than {@code days}), for the team. */
    public double survival(String team, int stage, double days) {
        return curve(team, stage).survival(days);
    }

    /** Collects stays, then estimates. */
    static final class Builder {
        private final int stages;
        private final Samples[] company;
        private final Map<String, Samples[]> teams = new HashMap<>();

        Builder(int stages) {
            this.stages = stages;
            this.company = new Samples[stages];
            for (int s = 0; s < stages; s++) {
                company[s] = new Samples();
            }
        }

        void add(String team, int stage, double days, boolean observed) {
            add(team, stage, days, observed, 1);
        }

        void add(String team, int stage, double days, boolean observed, double weight) {
            company[stage].add(days, observed, weight);
            teams.computeIfAbsent(team, k -> new Samples[stages]);
            Samples[] own = teams.get(team);
            if (own[stage] == null) {
                own[stage] = new Samples();
            }
            own[stage].add(days, observed, weight);
        }

        StageDwellTimes build(int minExits, double[] fallbackDays) {
            DwellCurve[] all = new DwellCurve[stages];
            for (int s = 0; s < stages; s++) {
                all[s] = company[s].events > 0 ? DwellCurve.of(company[s].estimate())
                        : DwellCurve.fixed(fallbackDays[s]);
            }
            Map<String, DwellCurve[]> byTeam = new HashMap<>();
            teams.forEach((team, samples) -> {
                DwellCurve[] curves = new DwellCurve[stages];
                boolean any = false;
                for (int s = 0; s < stages; s++) {
                    if (samples[s] != null && samples[s].effectiveEvents() >= minExits) {
                        curves[s] = DwellCurve.of(samples[s].estimate());
                        any = true;
                    }
                }
                if (any) {
                    byTeam.put(team, curves);
                }
            });
            return new StageDwellTimes(all, byTeam);
        }
    }

    private static final class Samples {
        double[] days = new double[16];
        boolean[] observed = new boolean[16];
        double[] weights = new double[16];
        int size;
        int events;
        double eventWeight;
        double eventWeight2;

        void add(double d, boolean o, double w) {
            if (size == days.length) {
                days = Arrays.copyOf(days, size * 2);
                observed = Arrays.copyOf(observed, size * 2);
                weights = Arrays.copyOf(weights, size * 2);
            }
            days[size] = d;
            observed[size] = o;
            weights[size] = w;
            size++;
            if (o) {
                events++;
                eventWeight += w;
                eventWeight2 += w * w;
            }
        }

        /** Kish: (sum w)^2 / sum w^2 over the exits; the exit count itself when every weight is 1. */
        double effectiveEvents() {
            return eventWeight2 > 0 ? eventWeight * eventWeight / eventWeight2 : 0;
        }

        KaplanMeier estimate() {
            return KaplanMeier.estimate(Arrays.copyOf(days, size), Arrays.copyOf(observed, size),
                    Arrays.copyOf(weights, size));
        }
    }
}
