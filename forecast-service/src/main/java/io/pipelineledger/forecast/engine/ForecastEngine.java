package io.pipelineledger.forecast.engine;

import io.pipelineledger.events.ForecastCategory;
import io.pipelineledger.events.money.ExchangeRates;
import io.pipelineledger.events.money.UnconvertedAmount;
import io.pipelineledger.events.period.BusinessPeriod;
import io.pipelineledger.events.process.SalesProcess;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The finance forecast: bookings (won amounts) per group for a period, as the pipeline stood at an as-of instant.
 *
 * <ol>
 *   <li>closedWon: deals won in [period start, min(as-of, period end)), at their final won amount, for the owner at
 *   the win.</li>
 *   <li>Open deals (learned method): q = P(won inside the period) from the learned semi-Markov chain of the deal's
 *   owner (rep shrunk toward team toward company), its stage and how long it has been there; contributes
 *   q × amount × the learned won-to-pipeline ratio. Baseline: q = the stage's fixed probability if the expected
 *   close date is in the period and the deal is not OMITTED, else 0; contributes q × amount.</li>
 *   <li>Deals not opened yet (learned method): per active rep, seasonal opening rate × P(won inside the period |
 *   opened then) integrated from as-of to the period's end, × the rep's typical won amount.</li>
 *   <li>P10/P50/P90: quantiles of simulated period totals (open deals independent Bernoulli(q) × amount, deals not
 *   opened yet compound Poisson), each group's from its own simulated totals.</li>
 *   <li>Categories: the CRM-set category if any, else COMMIT when the method's win probability ≥ the commit
 *   threshold, BEST_CASE when ≥ the best-case threshold, else PIPELINE (see {@link GroupForecast} for the sums).</li>
 * </ol>
 * OMITTED deals still count in the learned method's expectation (the model forecasts what will happen, the category
 * is the rep's call); the baseline leaves them out, as a classic CRM does.
 *
 * <p>Money: every figure is in the request's currency (the reporting currency by default). A win converts at its
 * date (UTC), an open deal at the as-of date; the model learns won amounts in the reporting currency, each win at
 * its date, and its amounts for deals not opened yet convert at the as-of date. A deal whose currency no rate
 * connects to the asked one on its date is left out of every figure and listed in the answer's warnings.
 *
 * <p>Pure computation: no I/O, no clock. The same inputs give the same numbers.
 */
public final class ForecastEngine {

    private final SalesProcess process;
    private final ForecastSettings settings;
    private final ExchangeRates rates;
    private final String reportingCurrency;

    /** With no exchange rates, reporting in USD: amounts in any other currency are left out. */
    public ForecastEngine(SalesProcess process, ForecastSettings settings) {
        this(process, settings, new ExchangeRates(), "USD");
    }

    public ForecastEngine(SalesProcess process, ForecastSettings settings, ExchangeRates rates,
                          String reportingCurrency) {
        this.process = process;
        this.settings = settings;
        this.rates = rates;
        this.reportingCurrency = reportingCurrency;
    }

    public String reportingCurrency() {
        return reportingCurrency;
    }

    /** The currency a request is answered in. */
    public String currency(ForecastRequest request) {
        return request.currency() == null ? reportingCurrency : request.currency();
    }

    /** Converts amounts into {@code currency} with this engine's rates. */
    Conversion conversion(String currency) {
        return new Conversion(rates, currency);
    }

    public ForecastSettings settings() {
        return settings;
    }

    /** The same engine (process, rates, currency) with other settings. */
    public ForecastEngine withSettings(ForecastSettings other) {
        return other.equals(settings) ? this : new ForecastEngine(process, other, rates, reportingCurrency);
    }

    /** Learns the model from the facts strictly before {@code asOf} (cacheable: it depends on nothing else). */
    public ForecastModel learn(DealHistories deals, Instant asOf) {
        return ForecastModel.learn(deals, asOf, process, settings, conversion(reportingCurrency));
    }

    /** The process's open stages with the ledger's stage codes mapped onto them. */
    StageMap stageMap(DealHistories deals) {
        return new StageMap(process, deals);
    }

    /** Every deal as of {@code asOf}. */
    public DealStates states(DealHistories deals, Instant asOf) {
        return DealStates.asOf(deals, asOf, process);
    }

    /**
     * Learns everything as of {@code asOf} once (every method's model, the deal states; the self-check on first
     * use per period length): answers for that as-of then read no fact.
     */
    public PreparedForecast prepare(DealHistories deals, Instant asOf) {
        return PreparedForecast.prepare(this, deals, asOf);
    }

    /** Learns as of the request's as-of and forecasts: strictly as the pipeline stood then. */
    public Forecast forecast(ForecastRequest request, DealHistories deals) {
        if (request.method() == Method.AUTO) { // its self-check reads the facts before past origins
            return prepare(deals, request.asOf()).forecast(request);
        }
        DealStates states = states(deals, request.asOf());
        if (request.method() == Method.COHORT || request.method() == Method.RUN_RATE) {
            return forecast(request, null, states, deals); // they learn no semi-Markov model
        }
        return forecast(request, learn(deals, request.asOf()), states);
    }

    /**
     * Any computed method: the (possibly cached) model for learned and baseline (null for cohort and run-rate), the
     * deals as of the request's as-of, and the histories they came from (cohort learns its yields from them).
     */
    public Forecast forecast(ForecastRequest request, ForecastModel model, DealStates states, DealHistories deals) {
        if (request.method() == Method.AUTO) { // one-off: its self-check is not kept (a PreparedForecast keeps it)
            return prepared(request, model, states, deals).forecast(request);
        }
        if (request.method() == Method.COHORT) {
            return forecast(request, learnCohort(deals, states, request), states);
        }
        return forecast(request, model, states);
    }

    private PreparedForecast prepared(ForecastRequest request, ForecastModel model, DealStates states,
                                      DealHistories deals) {
        return PreparedForecast.of(this, deals, request.asOf(), model != null ? model : learn(deals, request.asOf()),
                states, new SelfCheckCache());
    }

    /** The cohort yields as of the request's as-of for its window length (the period after as-of). */
    public CohortYield learnCohort(DealHistories deals, DealStates states, ForecastRequest request) {
        return learnCohort(deals, states, request.asOf(), CohortYield.windowSeconds(request.period(), request.asOf()));
    }

    /** The cohort yields as of {@code asOf} ({@code states}: the deals then) for windows of {@code windowSeconds}. */
    public CohortYield learnCohort(DealHistories deals, DealStates states, Instant asOf, long windowSeconds) {
        return CohortYield.learn(this, deals, states, asOf, windowSeconds);
    }

    /** A cohort forecast from (possibly cached) yields learned for this request's as-of and window length. */
    public Forecast forecast(ForecastRequest request, CohortYield yields, DealStates states) {
        return YieldForecast.forecast(this, request, states, YieldForecast.cohort(this, request, states, yields));
    }

    /** The terms behind one group's cohort number. */
    public Explanation explain(ForecastRequest request, String group, CohortYield yields, DealStates states) {
        return YieldForecast.explain(this, request, states, YieldForecast.cohort(this, request, states, yields),
                group);
    }

    /** The terms behind one group's number, any computed method (see the four-argument forecast). */
    public Explanation explain(ForecastRequest request, String group, ForecastModel model, DealStates states,
                               DealHistories deals) {
        if (request.method() == Method.AUTO) {
            return prepared(request, model, states, deals).explain(request, group);
        }
        if (request.method() == Method.COHORT) {
            return explain(request, group, learnCohort(deals, states, request), states);
        }
        return explain(request, group, model, states);
    }

    /**
     * Applies a (possibly cached) model to the deals as of the request's as-of (learned, baseline; run-rate needs
     * only the deal states; cohort needs the histories: the four-argument overload).
     */
    public Forecast forecast(ForecastRequest request, ForecastModel model, DealStates states) {
        if (request.method() == Method.AUTO) {
            throw new IllegalArgumentException("method AUTO self-checks on the deal histories: ask a "
                    + "PreparedForecast (prepare(deals, asOf)) or forecast(request, deals)");
        }
        if (request.method() == Method.RUN_RATE) {
            return YieldForecast.forecast(this, request, states, YieldForecast.runRate(this, request, states));
        }
        if (request.method() == Method.COHORT) {
            throw new IllegalArgumentException("method COHORT learns from the deal histories: "
                    + "use forecast(request, model, states, deals)");
        }
        if (request.method() != Method.LEARNED && request.method() != Method.BASELINE) {
            throw new IllegalArgumentException("method " + request.method() + " is not available yet");
        }
        Terms terms = terms(request, model, states);
        List<String> keys = new ArrayList<>(terms.groups.keySet());
        keys.sort(null);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            index.put(keys.get(i), i);
        }
        TotalsSimulation simulation = new TotalsSimulation(keys.size(), settings.simulations(), settings.seed());
        for (Term t : terms.deals) {
            int g = index.get(t.group);
            if (t.state.status() == DealStatus.WON) {
                simulation.fixed(g, cents(t.amountUsed));
            } else {
                simulation.bernoulli(g, t.state.opportunityId(), t.pInPeriod, cents(t.amountUsed));
            }
        }
        for (NewDealTerm n : terms.newDeals) {
            simulation.compoundPoisson(index.get(new Owner(n.repId(), n.teamId(), n.regionId()).group(request.groupBy())),
                    "new:" + n.repId(), n.expectedWins(), n.meanWonAmount(), model.wonAmounts().logSigma(),
                    settings.rateDispersion());
        }
        List<GroupForecast> groups = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            GroupSums s = terms.groups.get(keys.get(i));
            double[] q = simulation.quantiles(i, 0.1, 0.5, 0.9);
            groups.add(new GroupForecast(keys.get(i), money(s.closedWon), money(s.closedWon + s.fromOpen + s.fromNew),
                    moneyCents(q[0]), moneyCents(q[1]), moneyCents(q[2]), money(s.closedWon + s.commit),
                    money(s.closedWon + s.commit + s.bestCase), money(s.pipeline), money(s.fromOpen),
                    money(s.fromNew), s.openDeals));
        }
        BusinessPeriod period = request.period();
        return new Forecast(period.key(), period.start(), period.end(), request.groupBy(), request.method(),
                request.asOf(), List.copyOf(groups), provenance(request, model, states), terms.currency,
                terms.warnings.stream().<io.pipelineledger.events.AnswerWarning>map(GroupSums.LeftOut::amount).toList());
    }

    /** The deals and terms behind one group's number ({@code group} as in {@link GroupForecast#group()}). */
    public Explanation explain(ForecastRequest request, String group, ForecastModel model, DealStates states) {
        if (request.method() == Method.RUN_RATE) {
            return YieldForecast.explain(this, request, states, YieldForecast.runRate(this, request, states), group);
        }
        Forecast forecast = forecast(request, model, states);
        GroupForecast numbers = forecast.group(group).orElse(null);
        Terms terms = terms(request, model, states);
        List<DealTerm> deals = terms.deals.stream().filter(t -> t.group.equals(group))
                .sorted(Comparator.comparingDouble((Term t) -> -t.pInPeriod * t.amountUsed)
                        .thenComparing(t -> t.state.opportunityId()))
                .map(t -> new DealTerm(t.state.opportunityId(), t.state.status(), t.state.stageId(), t.state.owner().repId(),
                        money(t.amount), t.pWin,
                        t.pInPeriod, money(t.pInPeriod * t.amountUsed), t.category,
                        t.category != null && t.state.crmCategory() != null,
                        t.state.expectedCloseDate(), t.closesInPeriod,
                        money(t.state.status() == DealStatus.WON ? t.state.wonAmount() : t.state.amount()),
                        t.state.currency()))
                .toList();
        List<NewDealTerm> newDeals = terms.newDeals.stream()
                .filter(n -> new Owner(n.repId(), n.teamId(), n.regionId()).group(request.groupBy()).equals(group))
                .toList();
        List<UnconvertedAmount> warnings = terms.warnings.stream().filter(w -> w.group().equals(group))
                .map(GroupSums.LeftOut::amount).toList();
        return new Explanation(numbers, terms.ratio, deals, newDeals, forecast.provenance(), terms.currency, warnings);
    }

    /** The category a deal is forecast in: the CRM's if it set one, else by win probability and the thresholds. */
    public ForecastCategory category(ForecastCategory crmCategory, double pWin) {
        if (crmCategory != null) {
            return crmCategory;
        }
        return pWin >= settings.commitThreshold() ? ForecastCategory.COMMIT
                : pWin >= settings.bestCaseThreshold() ? ForecastCategory.BEST_CASE : ForecastCategory.PIPELINE;
    }

    private Terms terms(ForecastRequest request, ForecastModel model, DealStates states) {
        BusinessPeriod period = request.period();
        Instant asOf = request.asOf();
        boolean learned = request.method() == Method.LEARNED;
        double ratio = learned && settings.applyWonAmountRatio() ? model.wonAmounts().wonToPipelineRatio() : 1;
        Instant wonUntil = asOf.isBefore(period.end()) ? asOf : period.end();
        LocalDate firstDay = LocalDate.ofInstant(period.start(), ZoneOffset.UTC);
        LocalDate endDay = LocalDate.ofInstant(period.end(), ZoneOffset.UTC);
        boolean periodOver = !asOf.isBefore(period.end());
        Conversion conversion = conversion(currency(request));
        LocalDate asOfDay = ExchangeRates.dateOf(asOf);
        Terms terms = new Terms(ratio, conversion.currency());
        List<DealState> all = states.deals();
        double[] learnedWin = new double[all.size()];
        double[] learnedInPeriod = new double[all.size()];
        if (learned) { // pure per-deal functions of a thread-safe model: computed in parallel, summed in order below
            IntStream.range(0, all.size()).parallel().forEach(i -> {
                DealState deal = all.get(i);
                if (deal.open()) {
                    learnedWin[i] = model.winProbability(deal.owner(), deal.stagePosition());
                    learnedInPeriod[i] = periodOver ? 0 : model.winProbabilityBetween(deal.owner(),
                            deal.stagePosition(), deal.stageEnteredAt(), asOf, period.start(), period.end());
                }
            });
        }
        for (int i = 0; i < all.size(); i++) {
            DealState deal = all.get(i);
            if (deal.won()) {
                if (!deal.wonAt().isBefore(period.start()) && deal.wonAt().isBefore(wonUntil)) {
                    String group = deal.closedBy().group(request.groupBy());
                    LocalDate wonOn = ExchangeRates.dateOf(deal.wonAt());
                    double f = conversion.factor(deal.currency(), wonOn);
                    if (Double.isNaN(f)) {
                        terms.leftOut(group, deal, deal.wonAmount(), wonOn);
                        continue;
                    }
                    double won = deal.wonAmount() * f;
                    // won inside the period: it closed in it, whatever close date it last expected
                    Term t = new Term(deal, group, 1, 1, won, won, null, true);
                    terms.deals.add(t);
                    terms.sums(t.group).closedWon += won;
                }
                continue;
            }
            if (!deal.open()) {
                continue;
            }
            double f = conversion.factor(deal.currency(), asOfDay);
            if (Double.isNaN(f)) {
                terms.leftOut(deal.owner().group(request.groupBy()), deal, deal.amount(), asOfDay);
                continue;
            }
            double amount = deal.amount() * f;
            LocalDate close = deal.expectedCloseDate();
            boolean closesInPeriod = close != null && !close.isBefore(firstDay) && close.isBefore(endDay);
            double pWin;
            double q;
            if (learned) {
                pWin = learnedWin[i];
                q = learnedInPeriod[i];
            } else {
                pWin = model.baselineProbability(deal.stagePosition());
                q = !periodOver && closesInPeriod && deal.crmCategory() != ForecastCategory.OMITTED ? pWin : 0;
            }
            ForecastCategory category = category(deal.crmCategory(), pWin);
            Term t = new Term(deal, deal.owner().group(request.groupBy()), pWin, q, amount, amount * ratio, category,
                    closesInPeriod);
            terms.deals.add(t);
            GroupSums s = terms.sums(t.group);
            s.openDeals++;
            s.fromOpen += q * t.amountUsed;
            if (closesInPeriod && category != ForecastCategory.OMITTED) {
                s.pipeline += amount;
                if (category == ForecastCategory.COMMIT) {
                    s.commit += amount;
                } else if (category == ForecastCategory.BEST_CASE) {
                    s.bestCase += amount;
                }
            }
        }
        if (learned && !periodOver) {
            // the model's amounts are in the currency it learned in (the reporting one): one factor at as-of
            double f = model.currency() == null ? 1 : conversion.factor(model.currency(), asOfDay);
            for (Owner rep : model.activeReps(asOf)) {
                NewDealTerm n = model.newDeals(rep, asOf, period.start(), period.end());
                if (n.expected() > 0) {
                    String group = rep.group(request.groupBy());
                    if (Double.isNaN(f)) {
                        terms.warnings.add(new GroupSums.LeftOut(group, new UnconvertedAmount(null, money(n.expected()),
                                model.currency(), asOfDay, rep.repId() + "'s deals not opened yet: no "
                                + model.currency() + " to " + conversion.currency() + " exchange rate in force on "
                                + asOfDay + ": left out (PUT /api/v1/exchange-rates)")));
                        continue;
                    }
                    NewDealTerm converted = f == 1 ? n : new NewDealTerm(n.repId(), n.teamId(), n.regionId(),
                            n.ratePerDay(), n.remainingDays(), n.expectedOpenings(), n.pWinInPeriod(),
                            n.meanWonAmount() * f, n.expectedWins(), n.expected() * f);
                    terms.newDeals.add(converted);
                    terms.sums(group).fromNew += converted.expected();
                }
            }
        }
        return terms;
    }

    private Provenance provenance(ForecastRequest request, ForecastModel model, DealStates states) {
        if (request.method() == Method.BASELINE) { // learns nothing: no model version, window or learned settings
            return new Provenance(BaselineMethod.VERSION, request.method(), request.asOf(), states.lastFactAt(),
                    null, null, BaselineMethod.parameters(model, settings), states.deals().size(),
                    states.factsUsed(), null);
        }
        return new Provenance(ForecastModel.VERSION, request.method(), request.asOf(), states.lastFactAt(),
                model.asOf(), model.windowStart(), settings.parameters(), states.deals().size(), states.factsUsed(),
                null);
    }

    private static long cents(double amount) {
        return Math.round(amount * 100);
    }

    static BigDecimal money(double amount) {
        return BigDecimal.valueOf(amount).setScale(2, RoundingMode.HALF_UP);
    }

    private static BigDecimal moneyCents(double cents) {
        return BigDecimal.valueOf(Math.round(cents), 2);
    }

    /**
     * One deal's part in the number: {@code amount} is its amount (won amount) in the answer's currency,
     * {@code amountUsed} that times the won-to-pipeline ratio for an open deal.
     */
    private record Term(DealState state, String group, double pWin, double pInPeriod, double amount,
                        double amountUsed, ForecastCategory category, boolean closesInPeriod) {
        DealStatus status() {
            return state.status();
        }
    }

    private static final class Terms {
        final double ratio;
        final String currency;
        final List<Term> deals = new ArrayList<>();
        final List<NewDealTerm> newDeals = new ArrayList<>();
        final Map<String, GroupSums> groups = new HashMap<>();
        final List<GroupSums.LeftOut> warnings = new ArrayList<>();

        Terms(double ratio, String currency) {
            this.ratio = ratio;
            this.currency = currency;
        }

        GroupSums sums(String group) {
            return groups.computeIfAbsent(group, k -> new GroupSums());
        }

        void leftOut(String group, DealState deal, double amount, LocalDate on) {
            warnings.add(new GroupSums.LeftOut(group, UnconvertedAmount.of(deal.opportunityId(), money(amount),
                    deal.currency(), currency, on)));
        }
    }
}
