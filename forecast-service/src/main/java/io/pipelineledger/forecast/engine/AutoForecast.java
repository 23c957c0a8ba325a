package io.pipelineledger.forecast.engine;

import io.pipelineledger.events.AnswerWarning;
import io.pipelineledger.events.money.ExchangeRates;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The {@link Method#AUTO} forecast at an as-of: each candidate's forecast of the asked period and grouping,
 * combined with the weights and bias correction of its self-check ({@link AutoCombination}), banded by
 * {@link ConformalBand}, with the cautions a reader needs ({@link ForecastCaution}).
 *
 * <p>Per group: the company-level combination R (the part not won, over all groups) is shared out in proportion to
 * each group's weighted arithmetic mean of the candidates' parts not won; expected = closedWon + R_g. The band uses
 * the company's residual quantiles with the group's own simulated spread (of the best-weighted learned candidate)
 * in quadrature, so a small group's band is as wide as its own pipeline makes it; closedWon is every group's floor.
 * P50 = closedWon + R_g × the simulated median's ratio to the simulated part not won, kept inside the band.
 * fromOpenDeals/fromNewDeals split R_g as the candidates' weighted sums do; commit, best case, pipeline and open
 * deals are the best-weighted learned candidate's (they are CRM sums, not forecasts).
 *
 * <p>Cautions: {@value ForecastCaution#SHORT_HISTORY} when the first fact is less than two periods before as-of or
 * fewer than {@value #SHORT_HISTORY_WINS} deals were won before it; {@value ForecastCaution#REGIME_CHANGE} when the
 * mean |error| of the combination, or of the candidate without decay ({@value #NO_DECAY}), over the recent half of
 * the origins exceeds {@value #REGIME_RATIO} × the older half's (and {@value #REGIME_MIN_ERROR}); {@value ForecastCaution#FEW_ORIGINS} below
 * {@value ConformalBand#ENOUGH_ORIGINS} origins; {@value ForecastCaution#LUMPY} for a group whose largest open deal
 * is more than a third of its expected part not won, or whose expected lies above its P90.
 */
final class AutoForecast {

    static final int SHORT_HISTORY_WINS = 50;
    static final double REGIME_RATIO = 2;
    static final double REGIME_MIN_ERROR = 0.05;
    static final double LUMPY_SHARE = 1.0 / 3;
    static final String NO_DECAY = "learned:none";

    /** The answer with the candidate whose deal terms an explanation shows. */
    record Answer(Forecast forecast, Candidate best, ForecastModel bestModel) {
    }

    private AutoForecast() {
    }

    /**
     * {@code models}: a learned candidate's model at the as-of; {@code answers}: a candidate's forecast of the
     * request (its method, the request's period, grouping and currency) at the as-of.
     */
    static Answer forecast(ForecastEngine base, ForecastRequest request, SelfCheck.Result check,
                           Function<Candidate, ForecastModel> models, Function<Candidate, Forecast> answers,
                           DealStates states, Instant firstFactAt) {
        List<Candidate> candidates = new ArrayList<>();
        List<double[]> errors = new ArrayList<>();
        List<Forecast> forecasts = new ArrayList<>();
        for (int c = 0; c < check.candidates().size(); c++) {
            Candidate candidate = check.candidates().get(c);
            try {
                forecasts.add(answers.apply(candidate));
            } catch (IllegalArgumentException e) {
                if (Candidate.notAvailable(e)) {
                    continue;
                }
                throw e;
            }
            candidates.add(candidate);
            errors.add(check.errors()[c]);
        }
        AutoCombination combination = AutoCombination.of(errors.toArray(double[][]::new), check.originAgeDays(),
                check.positions(), SelfCheck.position(request.period(), request.asOf()));
        ConformalBand band = ConformalBand.of(combination.residuals(), combination.bandScale());
        double[] w = combination.weights();
        int best = -1;
        for (int c = 0; c < candidates.size(); c++) {
            if (candidates.get(c).method() == Method.LEARNED && (best < 0 || w[c] > w[best])) {
                best = c;
            }
        }
        if (best < 0) {
            throw new IllegalStateException("auto needs a learned candidate");
        }
        Forecast bestForecast = forecasts.get(best);

        TreeSet<String> keys = new TreeSet<>();
        forecasts.forEach(f -> f.groups().forEach(g -> keys.add(g.group())));
        Map<String, double[]> weighted = new HashMap<>(); // group -> {remaining, open, new}
        double[] remainingAll = new double[candidates.size()];
        double weightedAll = 0;
        for (int c = 0; c < candidates.size(); c++) {
            for (GroupForecast g : forecasts.get(c).groups()) {
                double remaining = g.expected().doubleValue() - g.closedWon().doubleValue();
                remainingAll[c] += remaining;
                double[] m = weighted.computeIfAbsent(g.group(), k -> new double[3]);
                m[0] += w[c] * remaining;
                m[1] += w[c] * g.fromOpenDeals().doubleValue();
                m[2] += w[c] * g.fromNewDeals().doubleValue();
                weightedAll += w[c] * remaining;
            }
        }
        boolean over = !request.asOf().isBefore(request.period().end());
        double combined = over || weightedAll <= 0 ? 0 : combination.combine(remainingAll, check.floor());

        Map<String, Double> largestOpen = largestOpenDeals(base, request, states);
        List<GroupForecast> groups = new ArrayList<>();
        List<AnswerWarning> warnings = new ArrayList<>(bestForecast.warnings());
        for (String key : keys) {
            GroupForecast b = bestForecast.group(key).orElse(null);
            GroupForecast any = b != null ? b : forecasts.stream().flatMap(f -> f.group(key).stream()).findFirst()
                    .orElseThrow();
            double cw = any.closedWon().doubleValue();
            double[] m = weighted.getOrDefault(key, new double[3]);
            double r = weightedAll > 0 ? combined * Math.max(0, m[0]) / weightedAll : 0;
            double simLow = 0;
            double simHigh = 0;
            double sim50 = 0;
            if (b != null) {
                double rb = b.expected().doubleValue() - cw;
                if (rb > 0) {
                    simLow = Math.log(rb / Math.max(b.p10().doubleValue() - cw, 0.05 * rb));
                    simHigh = Math.log(Math.max(b.p90().doubleValue() - cw, rb) / rb);
                    sim50 = Math.log(Math.max(b.p50().doubleValue() - cw, 0.05 * rb) / rb);
                }
            }
            double lower = band.lowerHalfWidth(simLow);
            double upper = band.upperHalfWidth(simHigh);
            double p10 = cw + r * Math.exp(-lower);
            double p90 = cw + r * Math.exp(upper);
            double p50 = cw + r * Math.exp(Math.max(-lower, Math.min(upper, sim50)));
            double openShare = m[1] + m[2] > 0 ? m[1] / (m[1] + m[2]) : 1;
            double zero = 0;
            GroupForecast g = new GroupForecast(key, any.closedWon(), ForecastEngine.money(cw + r),
                    ForecastEngine.money(p10), ForecastEngine.money(p50), ForecastEngine.money(p90),
                    b == null ? ForecastEngine.money(cw) : b.commit(), b == null ? ForecastEngine.money(cw) : b.bestCase(),
                    b == null ? ForecastEngine.money(zero) : b.pipeline(), ForecastEngine.money(r * openShare),
                    ForecastEngine.money(r * (1 - openShare)), b == null ? 0 : b.openDeals());
            groups.add(g);
            double largest = largestOpen.getOrDefault(key, 0.0);
            if (r > 0 && largest > LUMPY_SHARE * r) {
                warnings.add(new ForecastCaution(ForecastCaution.LUMPY, key, String.format(Locale.ROOT,
                        "group %s: its largest open deal (%.2f) is %.0f %% of its expected value still to be won "
                                + "(%.2f): a few large deals decide the outcome, the distribution is lumpy",
                        key, largest, 100 * largest / r, r)));
            } else if (g.expected().compareTo(g.p90()) > 0) {
                warnings.add(new ForecastCaution(ForecastCaution.LUMPY, key, "group " + key + ": expected "
                        + g.expected() + " lies above P90 " + g.p90() + ": a few large deals make the distribution "
                        + "lumpy (most outcomes are below the mean)"));
            }
        }
        warnings.addAll(cautions(request, candidates, errors, combination, band, states, firstFactAt));
        SelfCheckReport report = SelfCheckReport.of(withCandidates(check, candidates, errors), combination, band);
        Forecast forecast = new Forecast(bestForecast.period(), bestForecast.periodStart(), bestForecast.periodEnd(),
                request.groupBy(), Method.AUTO, request.asOf(), List.copyOf(groups),
                bestForecast.provenance().withSelfCheck(Method.AUTO, report), bestForecast.currency(),
                List.copyOf(warnings));
        return new Answer(forecast, candidates.get(best), models.apply(candidates.get(best)));
    }

    private static SelfCheck.Result withCandidates(SelfCheck.Result r, List<Candidate> candidates,
                                                   List<double[]> errors) {
        return new SelfCheck.Result(r.asOf(), r.granularity(), List.copyOf(candidates), r.origins(),
                errors.toArray(double[][]::new), r.actual(), r.floor(), r.computeMillis(), r.computed());
    }

    static List<ForecastCaution> cautions(ForecastRequest request, List<Candidate> candidates,
                                          List<double[]> errors, AutoCombination combination, ConformalBand band,
                                          DealStates states, Instant firstFactAt) {
        List<ForecastCaution> cautions = new ArrayList<>();
        Duration length = Duration.between(request.period().start(), request.period().end());
        long wins = states.deals().stream().filter(d -> d.won() && d.wonAt().isBefore(request.asOf())).count();
        boolean shortSpan = firstFactAt == null || firstFactAt.plus(length.multipliedBy(2)).isAfter(request.asOf());
        if (shortSpan || wins < SHORT_HISTORY_WINS) {
            String span = firstFactAt == null ? "no fact before as-of"
                    : "history from " + firstFactAt + " (" + Duration.between(firstFactAt, request.asOf()).toDays()
                    + " days before as-of; two periods: " + length.multipliedBy(2).toDays() + ")";
            cautions.add(new ForecastCaution(ForecastCaution.SHORT_HISTORY, null, "short history: " + span + ", "
                    + wins + " wins before as-of (fewer than " + SHORT_HISTORY_WINS + " is short)"));
        }
        // the combination adapts (short half-lives weigh more after a change): the candidate that weighs all history
        // alike still shows whether the past predicts the present
        List<String> names = new ArrayList<>();
        List<double[]> series = new ArrayList<>();
        names.add("the combination");
        series.add(combination.errors());
        for (int c = 0; c < candidates.size(); c++) {
            if (candidates.get(c).name().equals(NO_DECAY)) {
                names.add("candidate " + NO_DECAY);
                series.add(errors.get(c));
            }
        }
        for (int i = 0; i < series.size(); i++) {
            double[] e = series.get(i);
            int half = e.length / 2;
            if (half < 2) {
                break;
            }
            double older = 0;
            double recent = 0;
            for (int k = 0; k < half; k++) {
                older += Math.abs(e[k]) / half;
                recent += Math.abs(e[e.length - half + k]) / half;
            }
            if (recent > REGIME_RATIO * older && recent > REGIME_MIN_ERROR) {
                cautions.add(new ForecastCaution(ForecastCaution.REGIME_CHANGE, null, String.format(Locale.ROOT,
                        "regime change: over the self-check's %d most recent origins the mean |log error| of %s "
                                + "is %.3f, %.1f × the %.3f of its %d older ones: the past predicts the present "
                                + "less well", half, names.get(i), recent,
                        older > 0 ? recent / older : Double.POSITIVE_INFINITY, older, half)));
                break;
            }
        }
        if (band.fewOrigins()) {
            cautions.add(new ForecastCaution(ForecastCaution.FEW_ORIGINS, null, String.format(Locale.ROOT,
                    "the band rests on %d self-check origins (fewer than %d): widened (quantile levels %.2f/%.2f, "
                            + "half-widths at least %.2f in log)", band.origins(), ConformalBand.ENOUGH_ORIGINS,
                    band.levelLow(), band.levelHigh(), band.origins() == 0 ? ConformalBand.NO_ORIGIN_HALF_WIDTH
                            : ConformalBand.FEW_ORIGINS_MIN_HALF_WIDTH)));
        }
        return cautions;
    }

    /** Per group, the largest open deal's amount in the answer's currency (at the as-of date's rate). */
    private static Map<String, Double> largestOpenDeals(ForecastEngine base, ForecastRequest request,
                                                        DealStates states) {
        Conversion conversion = base.conversion(base.currency(request));
        LocalDate day = ExchangeRates.dateOf(request.asOf());
        Map<String, Double> largest = new HashMap<>();
        for (DealState deal : states.deals()) {
            if (deal.open()) {
                double f = conversion.factor(deal.currency(), day);
                if (!Double.isNaN(f)) {
                    largest.merge(deal.owner().group(request.groupBy()), deal.amount() * f, Math::max);
                }
            }
        }
        return largest;
    }
}
