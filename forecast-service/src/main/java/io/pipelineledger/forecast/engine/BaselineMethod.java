package io.pipelineledger.forecast.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link Method#BASELINE} forecast is computed from, for its provenance: no learned model, only the sales
 * process's fixed stage probabilities, the category thresholds and the simulation behind P10/P50/P90. Named apart
 * from {@link ForecastModel#VERSION} so that a baseline answer never claims the learned model's version.
 */
public final class BaselineMethod {

    public static final String VERSION = "pipeline-ledger-baseline/1 stage-probability(expected-close-in-period)";
    /** Prefix of each stage's probability in the parameters: {@code probability.discussion} = 0.6. */
    public static final String PROBABILITY = "probability.";

    private BaselineMethod() {
    }

    /** The settings the baseline reads, then each stage's probability in process order. */
    public static Map<String, String> parameters(ForecastModel model, ForecastSettings settings) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("simulations", Integer.toString(settings.simulations()));
        p.put("seed", Long.toString(settings.seed()));
        p.put("commitThreshold", Double.toString(settings.commitThreshold()));
        p.put("bestCaseThreshold", Double.toString(settings.bestCaseThreshold()));
        List<String> stages = model.stageIds();
        for (int s = 0; s < stages.size(); s++) {
            p.put(PROBABILITY + stages.get(s), Double.toString(model.baselineProbability(s)));
        }
        return p;
    }
}
