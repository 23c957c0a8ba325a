package io.pipelineledger.forecast.engine;

/**
 * How {@link Method#AUTO} weighs its candidates, from their self-check errors e[c][o] (log(actual/forecast) on the
 * part not won at the origin, see {@link SelfCheck}).
 *
 * <ul>
 *   <li>Origin weight r_o = 2^(−age_o / {@value #ORIGIN_HALF_LIFE_DAYS}), age_o = days from origin o to as-of: recent
 *   origins count more, so the weights follow a change of regime.</li>
 *   <li>Candidate score MSE_c = Σ r_o e_co² / Σ r_o over the origins at the ask's point of the period (start,
 *   +1 month..., {@link SelfCheck.Origin#position}); all origins when none is there. Which candidate is best
 *   differs between a period's start (everything still to win) and its last month (mostly open deals closing):
 *   scoring a start-of-quarter ask on mid-quarter origins let the candidates that are good late in a period take
 *   the weight (measured on the trouble generators: geometric mean of auto/best WMAPE 1.098 → 1.063).
 *   Weight w_c ∝ (MSE_c + {@value #MSE_FLOOR})^−2, normalised to sum 1. The square concentrates the weight on the
 *   clearly better candidates (one with 2.5 × another's error gets about a sixth of its weight, not two fifths);
 *   the floor, a 10 % log error squared, keeps one candidate that was lucky on a few origins from taking all the
 *   weight.</li>
 *   <li>Combined forecast of the part not won: exp(Σ w_c log F_c), the weighted geometric mean (errors are on the
 *   log scale, so the combination's error at an origin is exactly Σ w_c e_co, at every origin).</li>
 *   <li>Bias correction, per point of the period (errors on the part not won differ systematically between a
 *   period's start and its last month, so one is not corrected by the other): b_p = (Σ_{o at p} r_o ē_o /
 *   Σ_{o at p} r_o) × n_p / (n_p + {@value #BIAS_SHRINK}), ē_o the combination's error, n_p the number of origins
 *   at point p: the recency-weighted mean error, shrunk toward zero by how many origins it rests on (a year of
 *   monthly starts, 12: halved; the 4 quarter starts: a quarter). The shrink is strong because consecutive
 *   origins' errors are alike (a regime lasts several periods: they are not n independent looks) and the weights
 *   were fitted on the same origins; with k = 4 a ramp's early misses were carried into later periods (on the
 *   ramping-team generator auto over-forecast by 20–60 % for half a year). An ask uses the b of its nearest point
 *   ({@link SelfCheck#position}); its part not won is multiplied by exp(b); closed-won is known and not
 *   scaled.</li>
 *   <li>Band scale of the ask's point: residuals spread differently at a period's start and at its end (on the
 *   growth generator the mid-quarter residuals were twice as wide as the start ones, so a pooled band covered
 *   every start-of-period actual). {@code bandScale} = √(((n_p·ms_p + {@value #BAND_SCALE_SHRINK}·ms) /
 *   (n_p + {@value #BAND_SCALE_SHRINK})) / ms), ms the mean squared residual over all origins and ms_p over those
 *   at the ask's point: the ratio of the point's spread to the pooled one, shrunk toward 1 when it rests on few
 *   origins. {@link ConformalBand} multiplies the pooled residual quantiles by it.</li>
 *   <li>No origin at all: equal weights, no correction, scale 1.</li>
 * </ul>
 * The weights are fitted on the same origins the bias is measured on (in-sample): with a handful of candidates
 * that are alike this optimism is small, and the band ({@link ConformalBand}) is widened with few origins.
 *
 * @param weights    per candidate, summing to 1
 * @param mse        per candidate, recency-weighted mean squared error (NaN without origins)
 * @param errors     per origin, the combination's error Σ w_c e_co
 * @param rawBias    recency-weighted mean of {@code errors} over the origins at the ask's point (0: none there)
 * @param bias       rawBias × n_p/(n_p + k): the log correction applied to the ask
 * @param residuals  per origin, its error − the correction of its point: what the band's quantiles are read from
 * @param bandScale  how much wider (over 1) or narrower the residuals are at the ask's point than over all origins
 */
public record AutoCombination(double[] weights, double[] mse, double[] errors, double rawBias, double bias,
                              double[] residuals, double bandScale) {

    public static final double ORIGIN_HALF_LIFE_DAYS = 180;
    public static final double MSE_FLOOR = 0.01;
    public static final double BIAS_SHRINK = 12;
    public static final double BAND_SCALE_SHRINK = 4;

    /** From {@code errors[c][o]} and each origin's age in days, all origins at one point of their period. */
    public static AutoCombination of(double[][] errors, double[] originAgeDays) {
        return of(errors, originAgeDays, new int[originAgeDays.length], 0);
    }

    /**
     * From {@code errors[c][o]}, each origin's age in days and point in its period ({@code positions[o]}), for an
     * ask at point {@code askPosition}.
     */
    public static AutoCombination of(double[][] errors, double[] originAgeDays, int[] positions, int askPosition) {
        int candidates = errors.length;
        int n = originAgeDays.length;
        double[] r = new double[n];
        boolean anyAtAsk = false;
        for (int o = 0; o < n; o++) {
            r[o] = Math.pow(0.5, Math.max(0, originAgeDays[o]) / ORIGIN_HALF_LIFE_DAYS);
            anyAtAsk |= positions[o] == askPosition;
        }
        double[] scored = new double[n]; // the origin weights the candidates are scored with
        double rSum = 0;
        for (int o = 0; o < n; o++) {
            scored[o] = !anyAtAsk || positions[o] == askPosition ? r[o] : 0;
            rSum += scored[o];
        }
        double[] weights = new double[candidates];
        double[] mse = new double[candidates];
        double total = 0;
        for (int c = 0; c < candidates; c++) {
            if (n == 0) {
                mse[c] = Double.NaN;
                weights[c] = 1;
            } else {
                double s = 0;
                for (int o = 0; o < n; o++) {
                    s += scored[o] * errors[c][o] * errors[c][o];
                }
                mse[c] = s / rSum;
                weights[c] = 1 / ((mse[c] + MSE_FLOOR) * (mse[c] + MSE_FLOOR));
            }
            total += weights[c];
        }
        for (int c = 0; c < candidates; c++) {
            weights[c] /= total;
        }
        double[] combined = new double[n];
        int points = askPosition + 1;
        for (int o = 0; o < n; o++) {
            for (int c = 0; c < candidates; c++) {
                combined[o] += weights[c] * errors[c][o];
            }
            points = Math.max(points, positions[o] + 1);
        }
        double[] rawAt = new double[points];
        double[] biasAt = new double[points];
        for (int p = 0; p < points; p++) {
            double sum = 0;
            double weight = 0;
            int count = 0;
            for (int o = 0; o < n; o++) {
                if (positions[o] == p) {
                    sum += r[o] * combined[o];
                    weight += r[o];
                    count++;
                }
            }
            rawAt[p] = count == 0 ? 0 : sum / weight;
            biasAt[p] = rawAt[p] * count / (count + BIAS_SHRINK);
        }
        double raw = rawAt[askPosition];
        double bias = biasAt[askPosition];
        double[] residuals = new double[n];
        double ms = 0;
        double msAtAsk = 0;
        int atAsk = 0;
        for (int o = 0; o < n; o++) {
            residuals[o] = combined[o] - biasAt[positions[o]];
            ms += residuals[o] * residuals[o] / n;
            if (positions[o] == askPosition) {
                msAtAsk += residuals[o] * residuals[o];
                atAsk++;
            }
        }
        double scale = 1;
        if (ms > 0 && atAsk > 0) {
            msAtAsk /= atAsk;
            scale = Math.sqrt((atAsk * msAtAsk + BAND_SCALE_SHRINK * ms) / (atAsk + BAND_SCALE_SHRINK) / ms);
        }
        return new AutoCombination(weights, mse, combined, raw, bias, residuals, scale);
    }

    /** The combined forecast of the part not won, from each candidate's (floored at {@code floor}), bias-corrected. */
    public double combine(double[] remaining, double floor) {
        double log = 0;
        for (int c = 0; c < weights.length; c++) {
            log += weights[c] * Math.log(Math.max(remaining[c], floor));
        }
        return Math.exp(log + bias);
    }
}
