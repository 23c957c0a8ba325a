package io.pipelineledger.forecast.engine;

import io.pipelineledger.events.money.ExchangeRates;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Run-rate: bookings per day over the {@value #LOOKBACK_DAYS} days before as-of (fewer when the history is younger:
 * from the first opening), per rep who won them (the owner at the win), in the answer's currency. A forecast adds
 * rate × the days of the period after as-of to what is already won; its band is a compound Poisson of the wins
 * (count per day × days, at the rep's mean won amount, with the log-spread of all the wins' amounts).
 */
public final class RunRate {

    public static final String VERSION = "run-rate-1";
    static final int LOOKBACK_DAYS = 90;
    private static final double DAY_SECONDS = 86_400;

    /** One rep's wins in the look-back: their count and value. */
    record RepWins(Owner rep, int count, double value) {
    }

    private final double days;
    private final Map<String, RepWins> reps;
    private final double logSigma;

    private RunRate(double days, Map<String, RepWins> reps, double logSigma) {
        this.days = days;
        this.reps = reps;
        this.logSigma = logSigma;
    }

    /** From the deals as of {@code asOf}; amounts converted at each win's date (wins no rate converts: left out). */
    static RunRate learn(DealStates states, Instant asOf, Conversion conversion) {
        Instant from = asOf.minus(Duration.ofDays(LOOKBACK_DAYS));
        Instant first = null;
        for (DealState d : states.deals()) {
            if (first == null || d.openedAt().isBefore(first)) {
                first = d.openedAt();
            }
        }
        if (first != null && first.isAfter(from)) {
            from = first;
        }
        double days = Math.max(1, Duration.between(from, asOf).getSeconds() / DAY_SECONDS);
        Map<String, RepWins> reps = new TreeMap<>();
        double logSum = 0;
        double logSquares = 0;
        int n = 0;
        for (DealState d : states.deals()) {
            if (!d.won() || d.wonAt().isBefore(from) || !d.wonAt().isBefore(asOf)) {
                continue;
            }
            double f = conversion.factor(d.currency(), ExchangeRates.dateOf(d.wonAt()));
            if (Double.isNaN(f) || d.wonAmount() <= 0) {
                continue;
            }
            double won = d.wonAmount() * f;
            Owner o = d.closedBy();
            reps.merge(o.repId(), new RepWins(o, 1, won),
                    (a, b) -> new RepWins(a.rep(), a.count() + 1, a.value() + b.value()));
            double l = Math.log(won);
            logSum += l;
            logSquares += l * l;
            n++;
        }
        double sigma = 0;
        if (n >= 2) {
            double m = logSum / n;
            sigma = Math.sqrt(Math.max(0, (logSquares - n * m * m) / (n - 1)));
        }
        return new RunRate(days, Map.copyOf(reps), sigma);
    }

    /** The days the rates are measured over. */
    public double days() {
        return days;
    }

    Map<String, RepWins> reps() {
        return new TreeMap<>(reps);
    }

    public double logSigma() {
        return logSigma;
    }

    Map<String, String> parameters(ForecastSettings settings) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("simulations", Integer.toString(settings.simulations()));
        p.put("seed", Long.toString(settings.seed()));
        p.put("lookbackDays", Double.toString(days));
        p.put("reps", Integer.toString(reps.size()));
        p.put("wins", Integer.toString(reps.values().stream().mapToInt(RepWins::count).sum()));
        p.put("wonValue", Double.toString(reps.values().stream().mapToDouble(RepWins::value).sum()));
        p.put("logSigma", Double.toString(logSigma));
        p.put("rateDispersion", Double.toString(settings.rateDispersion()));
        p.put("commitThreshold", Double.toString(settings.commitThreshold()));
        p.put("bestCaseThreshold", Double.toString(settings.bestCaseThreshold()));
        return p;
    }
}
