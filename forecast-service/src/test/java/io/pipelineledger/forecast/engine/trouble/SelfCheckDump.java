package io.pipelineledger.forecast.engine.trouble;

import io.pipelineledger.events.period.BusinessPeriod;
import io.pipelineledger.forecast.engine.Candidate;
import io.pipelineledger.forecast.engine.DealHistories;
import io.pipelineledger.forecast.engine.DealStates;
import io.pipelineledger.forecast.engine.Forecast;
import io.pipelineledger.forecast.engine.ForecastEngine;
import io.pipelineledger.forecast.engine.ForecastModel;
import io.pipelineledger.forecast.engine.ForecastRequest;
import io.pipelineledger.forecast.engine.ForecastSettings;
import io.pipelineledger.forecast.engine.GroupForecast;
import io.pipelineledger.forecast.engine.Grouping;
import io.pipelineledger.forecast.engine.KnownAt;
import io.pipelineledger.forecast.engine.Method;
import io.pipelineledger.forecast.engine.PreparedForecast;
import io.pipelineledger.forecast.engine.SelfCheck;
import io.pipelineledger.forecast.engine.SelfCheckCache;
import io.pipelineledger.forecast.engine.trouble.TroubleGenerators.Scenario;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Scratch (not a test): dumps, per generator and origin (quarter and month starts), the self-check of auto and every
 * candidate's answer with the actual, as JSON lines, so combination and band rules can be compared offline.
 * Run: mvn -B -o -q -pl forecast-service test -Dtest=SelfCheckDump -Ddump=/abs/out.jsonl[,a,b...]
 */
final class SelfCheckDump {

    @org.junit.jupiter.api.Test
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "dump", matches = ".+")
    void dump() throws Exception {
        main(System.getProperty("dump").split(","));
    }


    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        List<String> keys = Arrays.asList(args).subList(1, args.length);
        List<String> lines = new ArrayList<>();
        for (Scenario s : TroubleGenerators.all(1)) {
            if (!keys.isEmpty() && !keys.contains(s.key().substring(0, 1))) {
                continue;
            }
            long t0 = System.nanoTime();
            ForecastEngine engine = new ForecastEngine(s.process(), ForecastSettings.defaults());
            ForecastEvaluation evaluation = new ForecastEvaluation(s);
            SelfCheckCache cache = new SelfCheckCache();
            List<BusinessPeriod> periods = new ArrayList<>();
            for (BusinessPeriod p = s.firstQuarter(); !p.start().isAfter(s.lastQuarter().start()); p = p.next()) {
                periods.add(p);
            }
            for (BusinessPeriod p = s.firstMonth(); !p.start().isAfter(s.lastMonth().start()); p = p.next()) {
                periods.add(p);
            }
            List<String> rows = periods.parallelStream().map(p -> {
                DealHistories seen = KnownAt.EACH_ORIGIN.view(s.deals(), p.start());
                ForecastModel model = engine.learn(seen, p.start());
                DealStates states = engine.states(seen, p.start());
                PreparedForecast prepared = PreparedForecast.learned(engine, seen, p.start(), model, states, cache);
                SelfCheck.Result check = prepared.selfCheck(p.granularity());
                StringBuilder b = new StringBuilder();
                b.append(String.format(Locale.ROOT, "{\"gen\":\"%s\",\"period\":\"%s\",\"gran\":\"%s\",\"actual\":%.2f,"
                                + "\"ask\":%d,\"floor\":%.4f", s.key(), p.key(), p.granularity(),
                        evaluation.actual(p), SelfCheck.position(p, p.start()), check.floor()));
                b.append(",\"ages\":").append(arr(check.originAgeDays()));
                b.append(",\"pos\":").append(Arrays.toString(check.positions()));
                b.append(",\"cands\":[");
                for (int c = 0; c < check.candidates().size(); c++) {
                    Candidate cand = check.candidates().get(c);
                    ForecastRequest req = new ForecastRequest(p, p.start(), Grouping.ALL, cand.method());
                    String f;
                    try {
                        Forecast fc = switch (cand.method()) {
                            case COHORT -> cand.engine().forecast(req, engine.learnCohort(seen, states, req), states);
                            case RUN_RATE -> cand.engine().forecast(req, (ForecastModel) null, states);
                            default -> cand.engine().forecast(req, cand.engine().learn(seen, p.start()), states);
                        };
                        GroupForecast g = fc.group(Grouping.ALL_KEY).orElseThrow();
                        f = String.format(Locale.ROOT, "\"cw\":%.2f,\"exp\":%.2f,\"p10\":%.2f,\"p50\":%.2f,\"p90\":%.2f",
                                g.closedWon().doubleValue(), g.expected().doubleValue(), g.p10().doubleValue(),
                                g.p50().doubleValue(), g.p90().doubleValue());
                    } catch (IllegalArgumentException e) {
                        f = "\"na\":true";
                    }
                    b.append(c == 0 ? "" : ",").append(String.format(Locale.ROOT, "{\"name\":\"%s\",\"method\":\"%s\",%s,\"err\":%s}",
                            cand.name(), cand.method(), f, arr(check.errors()[c])));
                }
                b.append("]");
                Forecast auto = prepared.forecast(new ForecastRequest(p, p.start(), Grouping.ALL, Method.AUTO));
                GroupForecast g = auto.group(Grouping.ALL_KEY).orElseThrow();
                b.append(String.format(Locale.ROOT, ",\"auto\":{\"exp\":%.2f,\"p10\":%.2f,\"p90\":%.2f}}",
                        g.expected().doubleValue(), g.p10().doubleValue(), g.p90().doubleValue()));
                return b.toString();
            }).toList();
            lines.addAll(rows);
            Files.write(out, lines);
            System.err.printf(Locale.ROOT, "%s: %.1f s%n", s.key(), (System.nanoTime() - t0) / 1e9);
        }
    }

    private static String arr(double[] x) {
        return Arrays.stream(x).mapToObj(v -> String.format(Locale.ROOT, "%.5f", v))
                .collect(Collectors.joining(",", "[", "]"));
    }
}
