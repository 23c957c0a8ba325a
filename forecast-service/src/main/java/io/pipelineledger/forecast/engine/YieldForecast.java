package io.pipelineledger.forecast.engine;

import io.pipelineledger.events.AnswerWarning;
import io.pipelineledger.events.ForecastCategory;
import io.pipelineledger.events.money.ExchangeRates;
import io.pipelineledger.events.money.UnconvertedAmount;
import io.pipelineledger.events.period.BusinessPeriod;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A forecast from per-deal in-period win probabilities and per-rep terms for deals not opened yet, for the methods
 * that need no expected close date ({@link Method#COHORT}, {@link Method#RUN_RATE}). Closed won, categories and the
 * simulation follow the engine's rules: won in [period start, min(as-of, end)) at the final amount for the owner at
 * the win; an open deal is Bernoulli(q) × amount, its category the CRM's else by q and the thresholds (commit, best
 * case and pipeline count deals whose expected close date is in the period); deals not opened yet compound Poisson.
 */
final class YieldForecast {

    /** What a method supplies. */
    interface Source {
        /** The open deal's probability of being won inside the period (0..1). */
        double q(DealState open);

        /** Per-rep terms for deals not opened yet (empty when the period is over), amounts in {@link #currency()}. */
        List<NewDealTerm> newDeals();

        /** The currency of the new-deal terms' amounts. */
        String currency();

        double logSigma();

        String version();

        Instant learnedFrom();

        Map<String, String> parameters();
    }

    private record Term(DealState state, String group, double q, double amount, ForecastCategory category,
                        boolean closesInPeriod) {
    }

    private final ForecastEngine engine;
    private final ForecastRequest request;
    private final DealStates states;
    private final Source source;
    private final String currency;
    private final List<Term> deals = new ArrayList<>();
    private final List<NewDealTerm> newDeals = new ArrayList<>();
    private final Map<String, GroupSums> groups = new HashMap<>();
    private final List<GroupSums.LeftOut> warnings = new ArrayList<>();

    private YieldForecast(ForecastEngine engine, ForecastRequest request, DealStates states, Source source) {
        this.engine = engine;
        this.request = request;
        this.states = states;
        this.source = source;
        this.currency = engine.currency(request);
        terms();
    }

    static Forecast forecast(ForecastEngine engine, ForecastRequest request, DealStates states, Source source) {
        return new YieldForecast(engine, request, states, source).forecast();
    }

    static Explanation explain(ForecastEngine engine, ForecastRequest request, DealStates states, Source source,
                               String group) {
        return new YieldForecast(engine, request, states, source).explain(group);
    }

    /** Days of the period after as-of (0 once it is over). */
    static double remainingDays(BusinessPeriod period, Instant asOf) {
        return CohortYield.windowSeconds(period, asOf) / 86_400.0;
    }

    private GroupSums sums(String group) {
        return groups.computeIfAbsent(group, k -> new GroupSums());
    }

    private void terms() {
        BusinessPeriod period = request.period();
        Instant asOf = request.asOf();
        Instant wonUntil = asOf.isBefore(period.end()) ? asOf : period.end();
        LocalDate firstDay = LocalDate.ofInstant(period.start(), ZoneOffset.UTC);
        LocalDate endDay = LocalDate.ofInstant(period.end(), ZoneOffset.UTC);
        boolean periodOver = !asOf.isBefore(period.end());
        Conversion conversion = engine.conversion(currency);
        LocalDate asOfDay = ExchangeRates.dateOf(asOf);
        for (DealState deal : states.deals()) {
            if (deal.won()) {
                if (!deal.wonAt().isBefore(period.start()) && deal.wonAt().isBefore(wonUntil)) {
                    String group = deal.closedBy().group(request.groupBy());
                    LocalDate wonOn = ExchangeRates.dateOf(deal.wonAt());
                    double f = conversion.factor(deal.currency(), wonOn);
                    if (Double.isNaN(f)) {
                        leftOut(group, deal, deal.wonAmount(), wonOn);
                        continue;
                    }
                    double won = deal.wonAmount() * f;
                    deals.add(new Term(deal, group, 1, won, null, true));
                    sums(group).closedWon += won;
                }
                continue;
            }
            if (!deal.open()) {
                continue;
            }
            String group = deal.owner().group(request.groupBy());
            double f = conversion.factor(deal.currency(), asOfDay);
            if (Double.isNaN(f)) {
                leftOut(group, deal, deal.amount(), asOfDay);
                continue;
            }
            double amount = deal.amount() * f;
            LocalDate close = deal.expectedCloseDate();
            boolean closesInPeriod = close != null && !close.isBefore(firstDay) && close.isBefore(endDay);
            double q = periodOver ? 0 : Math.min(1, Math.max(0, source.q(deal)));
            ForecastCategory category = engine.category(deal.crmCategory(), q);
            deals.add(new Term(deal, group, q, amount, category, closesInPeriod));
            GroupSums s = sums(group);
            s.openDeals++;
            s.fromOpen += q * amount;
            if (closesInPeriod && category != ForecastCategory.OMITTED) {
                s.pipeline += amount;
                if (category == ForecastCategory.COMMIT) {
                    s.commit += amount;
                } else if (category == ForecastCategory.BEST_CASE) {
                    s.bestCase += amount;
                }
            }
        }
        if (periodOver) {
            return;
        }
        double f = source.currency() == null ? 1 : conversion.factor(source.currency(), asOfDay);
        for (NewDealTerm n : source.newDeals()) {
            if (n.expected() <= 0) {
                continue;
            }
            String group = new Owner(n.repId(), n.teamId(), n.regionId()).group(request.groupBy());
            if (Double.isNaN(f)) {
                warnings.add(new GroupSums.LeftOut(group, new UnconvertedAmount(null, ForecastEngine.money(n.expected()),
                        source.currency(), asOfDay, n.repId() + "'s deals not opened yet: no " + source.currency()
                        + " to " + currency + " exchange rate in force on " + asOfDay
                        + ": left out (PUT /api/v1/exchange-rates)")));
                continue;
            }
            NewDealTerm converted = f == 1 ? n : new NewDealTerm(n.repId(), n.teamId(), n.regionId(),
                    n.ratePerDay(), n.remainingDays(), n.expectedOpenings(), n.pWinInPeriod(),
                    n.meanWonAmount() * f, n.expectedWins(), n.expected() * f);
            newDeals.add(converted);
            sums(group).fromNew += converted.expected();
        }
    }

    private void leftOut(String group, DealState deal, double amount, LocalDate on) {
        warnings.add(new GroupSums.LeftOut(group, UnconvertedAmount.of(deal.opportunityId(), ForecastEngine.money(amount),
                deal.currency(), currency, on)));
    }

    private Forecast forecast() {
        ForecastSettings settings = engine.settings();
        List<String> keys = new ArrayList<>(groups.keySet());
        keys.sort(null);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            index.put(keys.get(i), i);
        }
        TotalsSimulation simulation = new TotalsSimulation(keys.size(), settings.simulations(), settings.seed());
        for (Term t : deals) {
            int g = index.get(t.group());
            if (t.state().won()) {
                simulation.fixed(g, Math.round(t.amount() * 100));
            } else {
                simulation.bernoulli(g, t.state().opportunityId(), t.q(), Math.round(t.amount() * 100));
            }
        }
        for (NewDealTerm n : newDeals) {
            simulation.compoundPoisson(index.get(new Owner(n.repId(), n.teamId(), n.regionId())
                            .group(request.groupBy())), "new:" + n.repId(), n.expectedWins(), n.meanWonAmount(),
                    source.logSigma(), settings.rateDispersion());
        }
        List<GroupForecast> out = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            GroupSums s = groups.get(keys.get(i));
            double[] q = simulation.quantiles(i, 0.1, 0.5, 0.9);
            out.add(new GroupForecast(keys.get(i), ForecastEngine.money(s.closedWon),
                    ForecastEngine.money(s.closedWon + s.fromOpen + s.fromNew), cents(q[0]), cents(q[1]),
                    cents(q[2]), ForecastEngine.money(s.closedWon + s.commit),
                    ForecastEngine.money(s.closedWon + s.commit + s.bestCase), ForecastEngine.money(s.pipeline),
                    ForecastEngine.money(s.fromOpen), ForecastEngine.money(s.fromNew), s.openDeals));
        }
        BusinessPeriod period = request.period();
        return new Forecast(period.key(), period.start(), period.end(), request.groupBy(), request.method(),
                request.asOf(), List.copyOf(out), provenance(), currency,
                warnings.stream().<AnswerWarning>map(GroupSums.LeftOut::amount).toList());
    }

    private Provenance provenance() {
        return new Provenance(source.version(), request.method(), request.asOf(), states.lastFactAt(),
                request.asOf(), source.learnedFrom(), source.parameters(), states.deals().size(),
                states.factsUsed(), null);
    }

    private Explanation explain(String group) {
        Forecast forecast = forecast();
        GroupForecast numbers = forecast.group(group).orElse(null);
        List<DealTerm> terms = deals.stream().filter(t -> t.group().equals(group))
                .sorted(Comparator.comparingDouble((Term t) -> -t.q() * t.amount())
                        .thenComparing(t -> t.state().opportunityId()))
                .map(t -> new DealTerm(t.state().opportunityId(), t.state().status(), t.state().stageId(),
                        t.state().owner().repId(), ForecastEngine.money(t.amount()), t.q(), t.q(),
                        ForecastEngine.money(t.q() * t.amount()), t.category(),
                        t.category() != null && t.state().crmCategory() != null, t.state().expectedCloseDate(),
                        t.closesInPeriod(), ForecastEngine.money(t.state().won() ? t.state().wonAmount()
                        : t.state().amount()), t.state().currency()))
                .toList();
        List<NewDealTerm> news = newDeals.stream()
                .filter(n -> new Owner(n.repId(), n.teamId(), n.regionId()).group(request.groupBy()).equals(group))
                .toList();
        List<UnconvertedAmount> left = warnings.stream().filter(w -> w.group().equals(group))
                .map(GroupSums.LeftOut::amount).toList();
        return new Explanation(numbers, 1, terms, news, forecast.provenance(), currency, left);
    }

    private static BigDecimal cents(double cents) {
        return BigDecimal.valueOf(Math.round(cents), 2);
    }

    // ---- the two methods' sources ----

    /** Cohort: q = the owner's yield for the deal's stage and age in stage; new deals = value per rep-day × days. */
    static Source cohort(ForecastEngine engine, ForecastRequest request, DealStates states, CohortYield yields) {
        Instant asOf = request.asOf();
        double days = remainingDays(request.period(), asOf);
        List<NewDealTerm> news = new ArrayList<>();
        if (days > 0 && yields.meanNewWonAmount() > 0) {
            // reps active at as-of: owning an open deal, or having opened one in the last window's length
            Instant since = asOf.minusSeconds((long) (yields.windowDays() * 86_400));
            Map<String, Owner> active = new java.util.TreeMap<>();
            for (DealState d : states.deals()) {
                if (d.open() || !d.openedAt().isBefore(since)) {
                    Owner o = d.open() || d.closedBy() == null ? d.owner() : d.closedBy();
                    active.putIfAbsent(o.repId(), o);
                }
            }
            for (Owner rep : active.values()) {
                double perDay = yields.newValuePerDay(rep);
                double expected = perDay * days;
                double wins = expected / yields.meanNewWonAmount();
                news.add(new NewDealTerm(rep.repId(), rep.teamId(), rep.regionId(), wins / days, days, wins, 1,
                        yields.meanNewWonAmount(), wins, expected));
            }
        }
        Instant from = yields.windowStarts().isEmpty() ? null : yields.windowStarts().get(0);
        return new Source() {
            @Override
            public double q(DealState open) {
                return yields.openYield(open.owner(), open.stagePosition(),
                        Duration.between(open.stageEnteredAt(), asOf).getSeconds() / 86_400.0);
            }

            @Override
            public List<NewDealTerm> newDeals() {
                return news;
            }

            @Override
            public String currency() {
                return engine.reportingCurrency();
            }

            @Override
            public double logSigma() {
                return yields.logSigma();
            }

            @Override
            public String version() {
                return CohortYield.VERSION;
            }

            @Override
            public Instant learnedFrom() {
                return from;
            }

            @Override
            public Map<String, String> parameters() {
                return yields.parameters(engine.settings());
            }
        };
    }

    /** Run-rate: open deals add nothing of their own; each rep's wins per day × the days left. */
    static Source runRate(ForecastEngine engine, ForecastRequest request, DealStates states) {
        Instant asOf = request.asOf();
        String answer = engine.currency(request);
        RunRate rate = RunRate.learn(states, asOf, engine.conversion(answer));
        double days = remainingDays(request.period(), asOf);
        List<NewDealTerm> news = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        if (days > 0) {
            for (RunRate.RepWins r : rate.reps().values()) {
                if (!seen.add(r.rep().repId())) {
                    continue;
                }
                double perDay = r.count() / rate.days();
                double wins = perDay * days;
                double mean = r.value() / r.count();
                news.add(new NewDealTerm(r.rep().repId(), r.rep().teamId(), r.rep().regionId(), perDay, days, wins,
                        1, mean, wins, wins * mean));
            }
        }
        Instant from = asOf.minusSeconds((long) (rate.days() * 86_400));
        return new Source() {
            @Override
            public double q(DealState open) {
                return 0;
            }

            @Override
            public List<NewDealTerm> newDeals() {
                return news;
            }

            @Override
            public String currency() {
                return answer;
            }

            @Override
            public double logSigma() {
                return rate.logSigma();
            }

            @Override
            public String version() {
                return RunRate.VERSION;
            }

            @Override
            public Instant learnedFrom() {
                return from;
            }

            @Override
            public Map<String, String> parameters() {
                return rate.parameters(engine.settings());
            }
        };
    }
}
