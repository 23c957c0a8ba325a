/**
 * The forecast's mathematics, in plain Java (no framework): bookings per group for a period, as the pipeline stood
 * at an as-of instant, by the learned method or the classic baseline; explanations; backtests.
 *
 * <h2>Using it</h2>
 * <pre>
 *   DealHistories deals = DealHistories.of(opportunityEvents);           // or DealHistories.builder().add(e)...
 *   ForecastEngine engine = new ForecastEngine(process, ForecastSettings.defaults(), exchangeRates, "USD");
 *   Forecast f = engine.forecast(new ForecastRequest(period, asOf, Grouping.TEAM, Method.LEARNED), deals);
 *   Forecast eur = engine.forecast(new ForecastRequest(period, asOf, Grouping.TEAM, Method.LEARNED, "EUR"), deals);
 *   // or, with a cached model and cached states:
 *   ForecastModel model = engine.learn(deals, asOf);                     // reads every fact once
 *   DealStates states = engine.states(deals, asOf);                      // reads every fact once
 *   Forecast g = engine.forecast(request, model, states);                // reads no fact
 *   Explanation e = engine.explain(request, "team-emea-1", model, states);
 *   // cohort learns its yields from the histories (per window length); run-rate needs only the states:
 *   Forecast c = engine.forecast(cohortRequest, null, states, deals);    // or engine.forecast(cohortRequest, deals)
 *   CohortYield y = engine.learnCohort(deals, states, cohortRequest);    // cacheable per (asOf, window length)
 *   Forecast c2 = engine.forecast(cohortRequest, y, states);             // reads no fact
 *   PreparedForecast p = engine.prepare(deals, asOf);                    // every method; keeps cohort yields
 *   Backtest.Report r = Backtest.run(engine, deals, from, to, Grouping.ALL, List.of(Method.values()), now);
 * </pre>
 *
 * <h2>Definitions</h2>
 * <ul>
 *   <li><b>As of</b>: only facts whose business time (occurredAt) is strictly before as-of are read, whenever they
 *   arrived (a backfilled fact counts at its business time).</li>
 *   <li><b>Groups</b>: an open deal belongs to its owner's rep, team, region as of as-of; a won deal to the owner
 *   when it was won; a rep's future deals to the rep's latest team and region.</li>
 *   <li><b>Chain</b> ({@link io.pipelineledger.forecast.engine.TransitionModel}): states are the process's open
 *   stages plus WON and LOST (absorbing); forward, skipping and backward moves are all transitions; a reopened
 *   deal's loss stays counted and the deal starts afresh in the stage it was reopened into. Rows per rep are shrunk
 *   toward the team (20 pseudo-exits per stage by default), the team toward the company (50), the company toward
 *   the process's stage probabilities (2). Win probabilities are the exact absorption probabilities.</li>
 *   <li><b>Timing</b> ({@link io.pipelineledger.forecast.engine.StageDwellTimes}): Kaplan–Meier time-in-stage per
 *   stage (per team once it has 40 exits from the stage), stays still going on at as-of censored; a deal's
 *   remaining stay is conditioned on its age in the stage; P(won inside the period) is computed exactly on a
 *   1-day grid by convolution (semi-Markov, stay length independent of the destination).</li>
 *   <li><b>New deals</b> ({@link io.pipelineledger.forecast.engine.CreationRate}): per-rep opening rate shrunk
 *   toward the team (60 pseudo rep-days), month-of-year seasonality (30 pseudo openings toward 1), times P(won in
 *   the period | opened then), times the rep's mean won amount (5 pseudo wins toward the team).</li>
 *   <li><b>Distribution</b>: seeded Monte Carlo (1,000 draws by default), each deal's stream from (seed,
 *   opportunity id); new deals compound Poisson with gamma-mixed rate (dispersion 0.02). Each group's P10/P50/P90
 *   from its own simulated totals.</li>
 *   <li><b>Categories and sums</b>: see {@link io.pipelineledger.forecast.engine.GroupForecast}.</li>
 *   <li><b>Baseline</b>: deals expected (CRM close date) to close in the period, not OMITTED, weighted by the
 *   stage's fixed probability; no new deals. Its provenance names
 *   {@link io.pipelineledger.forecast.engine.BaselineMethod} and only the parameters it reads.</li>
 *   <li><b>Cohort</b> ({@link io.pipelineledger.forecast.engine.CohortYield}) and <b>run-rate</b>
 *   ({@link io.pipelineledger.forecast.engine.RunRate}): no expected close dates needed; see those classes.</li>
 * </ul>
 * <h2>Money</h2>
 * Each deal keeps its currency. An engine has the ledger's dated exchange rates and a reporting currency; a request
 * names the currency of its answer (the reporting one by default). A win converts at its date (UTC), an open deal at
 * the as-of date; the model learns won amounts (the won-to-pipeline ratio, mean won amounts) in the reporting
 * currency, each win at its date, and its amounts for deals not opened yet convert at the as-of date. An amount no
 * rate connects to the asked currency on its date is never added as it is: it is left out of every figure and listed
 * in the answer's warnings ({@link io.pipelineledger.events.money.UnconvertedAmount}).
 */
package io.pipelineledger.forecast.engine;
