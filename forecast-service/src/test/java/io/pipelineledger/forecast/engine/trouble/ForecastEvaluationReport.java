package io.pipelineledger.forecast.engine.trouble;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Runs {@link ForecastEvaluation#main} under Maven (which has the class path):
 * {@code mvn -B -o -q -pl forecast-service test -Dtest=ForecastEvaluationReport -Dtrouble.report="learned baseline"}.
 * Skipped otherwise: it is a report, not a check.
 */
class ForecastEvaluationReport {

    @Test
    @EnabledIfSystemProperty(named = "trouble.report", matches = ".*")
    void printsTheTable() {
        String methods = System.getProperty("trouble.report").trim();
        ForecastEvaluation.main(methods.isEmpty() || methods.equals("all") ? new String[0] : methods.split("[ ,]+"));
    }
}
