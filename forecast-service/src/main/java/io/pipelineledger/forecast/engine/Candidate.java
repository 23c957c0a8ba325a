package io.pipelineledger.forecast.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * One forecast the {@link Method#AUTO} combination weighs: a method computed by an engine with its own settings
 * (the learned method at one half-life, cohort, run-rate).
 * It is given the model {@code engine} learns (models are shared between candidates of equal settings).
 *
 * @param name stable, shown in provenance: {@code learned:h90}, {@code learned:none} (no decay), {@code cohort}...
 */
public record Candidate(String name, Method method, ForecastEngine engine) {

    /** The half-lives the learned method is tried at (days; infinite: every fact in the window weighs the same). */
    public static final List<Double> HALF_LIVES = List.of(90.0, 180.0, 365.0, Double.POSITIVE_INFINITY);

    /**
     * The candidates of {@code base}: learned at each of {@link #HALF_LIVES}, then cohort and run-rate. A method
     * the engine does not compute (yet) is dropped by the self-check when it first refuses it, so the list names
     * them all.
     */
    public static List<Candidate> of(ForecastEngine base) {
        List<Candidate> all = new ArrayList<>();
        for (double h : HALF_LIVES) {
            all.add(new Candidate("learned:" + (Double.isInfinite(h) ? "none" : "h" + (long) h), Method.LEARNED,
                    base.withSettings(base.settings().withHalfLife(h))));
        }
        all.add(new Candidate("cohort", Method.COHORT, base));
        all.add(new Candidate("run_rate", Method.RUN_RATE, base));
        return List.copyOf(all);
    }

    /** The same candidate with few simulated draws: the self-check reads only the expected value. */
    Candidate forSelfCheck() {
        return new Candidate(name, method, engine.withSettings(engine.settings().withSimulations(10)));
    }

    /** Whether the engine refused the method as not computed (yet). */
    static boolean notAvailable(IllegalArgumentException e) {
        return e.getMessage() != null && e.getMessage().contains("not available");
    }
}
