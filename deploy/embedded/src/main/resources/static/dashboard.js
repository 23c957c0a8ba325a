// The dashboard: every figure read from the ledger's own API as of the chosen date, redrawn live when facts land.
'use strict';

const charts = {};
const state = { asOf: null, currency: null, loaded: 0, figures: {} }; // figures: what is drawn (also for the test)
window.ledgerDashboard = state;

// Answers with amounts name their currency; older servers do not: then they are in the default reporting currency.
const REPORTING_DEFAULT = 'USD';
let warnings = new Map(); // amounts the answers left out for want of an exchange rate, once per deal and date
let answerCurrency = null;

/** Notes an answer's currency and warnings; returns the answer. */
function noteAmounts(answer) {
  answerCurrency = answer.currency || answerCurrency || REPORTING_DEFAULT;
  (answer.warnings || []).forEach(w => warnings.set(`${w.opportunityId}|${w.currency}|${w.on}`, w));
  return answer;
}

function chart(id) {
  if (!charts[id]) {
    const created = echarts.init(document.getElementById(id));
    // no animation: a redraw shows the new numbers at once (and a screenshot shows them whole)
    const setOption = created.setOption.bind(created);
    created.setOption = (option, notMerge) => setOption({ animation: false, ...option }, notMerge);
    charts[id] = created;
  }
  return charts[id];
}

// The API key: from the address' fragment once (#key=…, never sent to the server), else the one pasted before.
const KEY_STORE = 'pipelineLedger.apiKey';
const fragmentKey = new URLSearchParams(location.hash.slice(1)).get('key');
if (fragmentKey) {
  localStorage.setItem(KEY_STORE, fragmentKey);
  history.replaceState(null, '', location.pathname + location.search);
}

/** fetch with the API key (a key needs metrics:read and forecast:read for the whole page). */
function api(url, options = {}) {
  const headers = { ...(options.headers || {}), 'X-API-Key': localStorage.getItem(KEY_STORE) || '' };
  return fetch(url, { ...options, headers }).then(response => {
    if (response.status === 401 || response.status === 403) {
      document.getElementById('apiKey').classList.add('missing');
    }
    return response;
  });
}

/** The query for a path: as of the chosen date, in the chosen currency (both absent: now, the reporting one). */
function withView(path, { asOf = state.asOf, currency = state.currency } = {}) {
  const params = new URLSearchParams();
  if (asOf) {
    params.set('asOf', asOf);
  }
  if (currency) {
    params.set('currency', currency);
  }
  const query = params.toString();
  return query ? `${path}${path.includes('?') ? '&' : '?'}${query}` : path;
}

/** GET as of the chosen date; an answer with amounts (amounts = true) is asked in the chosen currency. */
async function get(path, amounts = false) {
  const url = withView(path, amounts ? {} : { currency: null });
  const response = await api(url, { headers: { Accept: 'application/json' } });
  if (!response.ok) {
    throw new Error(`${url}: HTTP ${response.status}`);
  }
  return response.json();
}

const money = v => v == null ? '–' : Number(v).toLocaleString('en-US', { maximumFractionDigits: 0 });
const compact = v => v == null ? '–' : Number(v).toLocaleString('en-US', { notation: 'compact', maximumFractionDigits: 1 });
// what the answers say they are in (an answer naming none is from a server that does not convert: the default)
const currencyShown = () => answerCurrency || REPORTING_DEFAULT;
const pct = v => v == null ? '–' : `${(100 * v).toFixed(1)} %`;

/** The quarter containing a date (yyyy-mm-dd or today), as the API spells it, with its first day. */
function quarterOf(day) {
  const d = day ? new Date(`${day}T00:00:00Z`) : new Date();
  const q = Math.floor(d.getUTCMonth() / 3) + 1;
  return { key: `${d.getUTCFullYear()}-Q${q}`, start: new Date(Date.UTC(d.getUTCFullYear(), 3 * (q - 1), 1)),
    end: new Date(Date.UTC(d.getUTCFullYear(), 3 * q, 1)), at: d };
}

const isoDay = d => d.toISOString().slice(0, 10);

// Funnel labels sit right of their bars: the funnel is as wide as the card leaves once the widest label fits,
// so no label is cut at the canvas' edge (measured with the labels' own font, redone on resize).
const FUNNEL_FONT = { size: 12, family: 'sans-serif' };
let funnelStages = [];

function drawFunnelChart() {
  const element = document.getElementById('funnel');
  const labels = funnelStages.map(s => `${s.stage}: ${s.count} (${compact(s.amount)})`);
  const measure = document.createElement('canvas').getContext('2d');
  measure.font = `${FUNNEL_FONT.size}px ${FUNNEL_FONT.family}`;
  const widest = Math.max(0, ...labels.map(t => measure.measureText(t).width));
  const left = 10;
  const lineAndGap = 30; // label line, its gap to the text, a margin at the edge
  const width = Math.max(60, element.clientWidth - left - lineAndGap - widest);
  chart('funnel').setOption({
    tooltip: { trigger: 'item',
      formatter: p => `${p.name}: ${p.value} deals, ${money(p.data.amount)} ${currencyShown()}` },
    series: [{ type: 'funnel', sort: 'none', left, width, top: 10, bottom: 10, minSize: '8%',
      label: { position: 'right', fontSize: FUNNEL_FONT.size, fontFamily: FUNNEL_FONT.family, color: '#1d2330',
        formatter: p => labels[p.dataIndex] },
      labelLine: { length: 10 },
      data: funnelStages.map(s => ({ name: s.stage, value: s.count, amount: s.amount })) }]
  }, true);
  state.figures.funnelLabels = labels;
}

async function drawFunnel() {
  const pipeline = noteAmounts(await get('/api/v1/pipeline?groupBy=all', true));
  const all = pipeline.groups[0] || { count: 0, amount: 0, stages: [] };
  state.figures.pipelineCount = all.count;
  state.figures.pipelineAmount = Number(all.amount);
  funnelStages = all.stages;
  drawFunnelChart();
  const currency = pipeline.currency || REPORTING_DEFAULT;
  document.getElementById('funnel-total').textContent =
      `${all.count} open deals, ${money(all.amount)} ${currency} in the pipeline`;
  document.getElementById('funnel-total').dataset.count = all.count;
}

// One colour per series, used by the series and by its legend entry alike.
const FAN = { band: 'rgba(84,112,198,0.3)', p50: '#5470c6', won: '#3ba272', baseline: '#ee6666' };

async function drawForecast() {
  const quarter = quarterOf(state.asOf);
  document.getElementById('quarter').textContent = quarter.key;
  document.getElementById('csv').href = withView(`/api/v1/forecast?period=${quarter.key}&groupBy=rep&format=csv`);
  // as of the quarter's first day, then every two weeks, up to the chosen date: how the forecast narrowed
  const points = [];
  for (let t = new Date(quarter.start); t < quarter.at; t = new Date(t.getTime() + 14 * 86400000)) {
    points.push(isoDay(t));
  }
  const last = state.asOf || null;
  const days = points.concat([last]);
  const [learned, baseline] = await Promise.all(['learned', 'baseline'].map(method =>
      Promise.all(days.map(day => fetchForecast(quarter.key, day, method)))));
  // the figures as of the chosen date carry the warnings that matter; earlier points are history
  noteAmounts(learned[learned.length - 1]);
  noteAmounts(baseline[baseline.length - 1]);
  const labels = points.concat([last || 'now']);
  const rows = learned.map(f => f.groups[0] || {});
  const p10 = rows.map(g => Number(g.p10 || 0));
  const band = rows.map((g, i) => Number(g.p90 || 0) - p10[i]);
  const baselines = baseline.map(f => Number((f.groups[0] || {}).expected || 0));
  const now = rows[rows.length - 1];
  const currency = learned[learned.length - 1].currency || REPORTING_DEFAULT;
  state.figures.forecast = { p10: Number(now.p10), p50: Number(now.p50), p90: Number(now.p90),
    closedWon: Number(now.closedWon), baseline: baselines[baselines.length - 1], baselines, points: labels.length,
    currency };
  const line = (name, color, data, extra = {}) => ({ name, type: 'line', data, color,
    itemStyle: { color }, lineStyle: { color, ...(extra.lineStyle || {}) }, ...extra });
  chart('fan').setOption({
    tooltip: { trigger: 'axis', valueFormatter: v => `${money(v)} ${currency}` },
    legend: { data: [{ name: 'P10–P90', icon: 'rect', itemStyle: { color: FAN.band } },
      { name: 'P50' }, { name: 'closed won' }, { name: 'baseline' }] },
    grid: { left: 90, right: 20 },
    xAxis: { type: 'category', data: labels },
    yAxis: { type: 'value', name: currency, axisLabel: { formatter: v => money(v) } },
    series: [
      { name: 'P10', type: 'line', stack: 'band', data: p10, lineStyle: { opacity: 0 }, symbol: 'none',
        tooltip: { show: false } },
      line('P10–P90', FAN.band, band, { stack: 'band', symbol: 'none', lineStyle: { opacity: 0 },
        areaStyle: { color: FAN.band } }),
      line('P50', FAN.p50, rows.map(g => Number(g.p50 || 0))),
      line('closed won', FAN.won, rows.map(g => Number(g.closedWon || 0))),
      line('baseline', FAN.baseline, baselines, { lineStyle: { type: 'dashed' } })
    ]
  }, true);
  const f = state.figures.forecast;
  const figures = document.getElementById('forecast-figures');
  figures.textContent = `${currency} · P10 ${money(f.p10)} · P50 ${money(f.p50)} · P90 ${money(f.p90)} · ` +
      `closed won ${money(f.closedWon)} · baseline ${money(f.baseline)}`;
  figures.dataset.p50 = f.p50;
}

async function fetchForecast(period, day, method) {
  const query = withView(`/api/v1/forecast?period=${period}&groupBy=all&method=${method}`, { asOf: day });
  const response = await api(query);
  if (!response.ok) {
    throw new Error(`${query}: HTTP ${response.status}`);
  }
  return response.json();
}

// The heatmap: each cell the rep's conversion at a stage, coloured by its gap to the team's rate (blue above,
// red below, white at the team's), with its value written in. Stages after the win (account-management) are
// left out: the scorecards that hold the team's rates leave them out too.
const HEAT_ROW = 20;

async function drawRepsAndHeatmap() {
  const conversion = await get('/api/v1/conversion?groupBy=rep');
  const reps = conversion.groups.map(g => g.group);
  const cards = await Promise.all(reps.map(rep => get(`/api/v1/reps/${encodeURIComponent(rep)}/scorecard`)
      .catch(() => null)));
  const shrunk = document.getElementById('shrunk').checked;
  const first = cards.find(c => c);
  const stages = first ? first.stages.map(s => s.stage) : [];
  const cells = [];
  cards.forEach((card, r) => (card ? card.stages : []).forEach(s => {
    const c = stages.indexOf(s.stage);
    const value = shrunk ? s.conversionShrunk : s.conversion;
    if (c >= 0 && value != null) {
      const gap = s.teamConversion == null ? 0 : value - s.teamConversion;
      cells.push([c, r, value, gap, s.teamConversion]);
    }
  }));
  const spread = Math.max(0.05, Math.ceil(20 * Math.max(0, ...cells.map(c => Math.abs(c[3])))) / 20);
  state.figures.heatmapCells = cells.length;
  state.figures.heatmap = { stages, reps, cells, spread, shrunk };
  state.figures.reps = reps.length;
  const element = document.getElementById('heatmap');
  const height = `${70 + HEAT_ROW * Math.max(reps.length, 5)}px`;
  if (element.style.height !== height) {
    element.style.height = height;
    chart('heatmap').resize();
  }
  const points = v => `${v > 0 ? '+' : ''}${Math.round(100 * v)} pts`;
  chart('heatmap').setOption({
    tooltip: { formatter: p => `${reps[p.value[1]]} · ${stages[p.value[0]]}: ${pct(p.value[2])}` +
        (p.value[4] == null ? '' : ` (team ${pct(p.value[4])}, ${points(p.value[3])})`) },
    grid: { left: 70, right: 20, top: 46, bottom: 24 },
    xAxis: { type: 'category', data: stages, position: 'bottom', axisLabel: { interval: 0 },
      splitArea: { show: false } },
    yAxis: { type: 'category', data: reps, inverse: true, axisLabel: { interval: 0 } },
    visualMap: { type: 'continuous', dimension: 3, min: -spread, max: spread, orient: 'horizontal',
      top: 0, right: 20, itemWidth: 12, itemHeight: 160, calculable: false,
      text: [`${points(spread)} above the team`, `below the team ${points(-spread).replace('-', '−')}`],
      inRange: { color: ['#c0392b', '#f7f7f7', '#2471a3'] } },
    series: [{ type: 'heatmap', data: cells.map(cell => ({ value: cell,
      label: { color: Math.abs(cell[3]) > 0.6 * spread ? '#fff' : '#1d2330' } })),
      label: { show: true, fontSize: 11, formatter: p => `${Math.round(100 * p.value[2])}%` },
      itemStyle: { borderColor: '#fff', borderWidth: 1 } }]
  }, true);
  drawScorecards(cards.filter(c => c));
}

function drawScorecards(cards) {
  const rows = cards.map(c => `<tr><td>${c.rep}</td><td>${c.team || ''}</td><td>${c.dealsWon}</td>` +
      `<td>${c.dealsLost}</td><td>${pct(c.winRate)}</td><td>${pct(c.winRateShrunk)}</td>` +
      `<td>${pct(c.teamWinRate)}</td><td>${pct(c.habits.skipRate)}</td><td>${c.habits.backwardMoves}</td>` +
      `<td>${pct(c.habits.adherence)}</td><td>${c.habits.medianCycleDays == null ? '–'
          : c.habits.medianCycleDays.toFixed(0)}</td></tr>`).join('');
  document.getElementById('scorecards').innerHTML = '<table><thead><tr><th>rep</th><th>team</th><th>won</th>' +
      '<th>lost</th><th>win rate</th><th>shrunk</th><th>team</th><th>skip rate</th><th>backward</th>' +
      `<th>adherence</th><th>cycle days</th></tr></thead><tbody>${rows}</tbody></table>`;
}

async function drawMaturity() {
  const m = await get('/api/v1/maturity');
  state.figures.maturityLevel = m.level;
  const checks = (m.checks || []).map(c => `<tr class="${c.met ? 'met' : 'unmet'}"><td>level ${c.level}</td>` +
      `<td>${c.measure} ${c.comparison} ${c.threshold}</td><td>${c.value == null ? '–' : c.value.toFixed(3)}</td>` +
      `<td>${c.met ? '✓' : '✗'}</td></tr>`).join('');
  document.getElementById('maturity').innerHTML = `<div class="level" data-level="${m.level}">Level ${m.level}: ` +
      `${m.name}</div><table><tbody>${checks}</tbody></table>`;
}

async function drawBacktest() {
  const quarter = quarterOf(state.asOf);
  const to = new Date(quarter.start.getTime() - 86400000);
  const from = new Date(Date.UTC(to.getUTCFullYear() - 2, to.getUTCMonth(), 1));
  const key = d => `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
  const response = await api(`/api/v1/forecast/backtest?from=${key(from)}&to=${key(to)}`);
  if (!response.ok) { // not two years of history yet: nothing to backtest
    chart('backtest').clear();
    return;
  }
  const report = await response.json();
  const periods = [...new Set(report.rows.map(r => r.period))];
  const colors = { LEARNED: FAN.p50, BASELINE: FAN.baseline }; // as in the fan chart
  const series = ['LEARNED', 'BASELINE'].map(method => ({ name: method.toLowerCase(), type: 'bar',
    color: colors[method], itemStyle: { color: colors[method] },
    data: periods.map(p => {
      const row = report.rows.find(r => r.period === p && r.method === method);
      return row && row.accuracy != null ? Math.round(1000 * row.accuracy) / 1000 : null;
    }) }));
  state.figures.backtestPeriods = periods.length;
  chart('backtest').setOption({ tooltip: { trigger: 'axis' }, legend: {},
    xAxis: { type: 'category', data: periods }, yAxis: { type: 'value', max: 1 }, series }, true);
}

// The weekly backtest learns 8 × 14 models: asked once per quarter shown, not on every live redraw (a new fact
// seldom changes the 8 finished quarters before it).
const WEEKLY = { method: 'learned', quarters: 8, color: { accuracy: FAN.p50, coverage: FAN.won } };
let weeklyShown = null; // { key, figures }

const quarterKey = d => `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;

async function drawWeeklyAccuracy() {
  const quarter = quarterOf(state.asOf);
  const last = new Date(quarter.start.getTime() - 86400000); // in the last complete quarter
  const first = new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth() - 3 * (WEEKLY.quarters - 1), 1));
  const key = `${quarterKey(first)}|${quarterKey(last)}`;
  if (weeklyShown && weeklyShown.key === key) {
    state.figures.weekly = weeklyShown.figures;
    return;
  }
  const url = `/api/v1/forecast/backtest?from=${quarterKey(first)}&to=${quarterKey(last)}&points=weekly` +
      `&method=${WEEKLY.method}`;
  const response = await api(url, { headers: { Accept: 'application/json' } });
  if (!response.ok) { // too little history for 8 quarters
    chart('weekly').clear();
    state.figures.weekly = null;
    return;
  }
  const report = await response.json();
  // x: week of quarter, 0 = the quarter's first day ("start"); week 13 only in the 92-day quarters
  const weekOf = point => point === 'start' ? 0 : Number(point.slice('week-'.length));
  const byWeek = new Map(report.byPoint.filter(s => s.method === WEEKLY.method.toUpperCase())
      .map(s => [weekOf(s.scope), s]));
  const weeks = [...byWeek.keys()].sort((a, b) => a - b);
  const figures = { from: quarterKey(first), to: quarterKey(last), method: WEEKLY.method, weeks,
    accuracy: weeks.map(w => byWeek.get(w).accuracy), coverage: weeks.map(w => byWeek.get(w).coverage),
    quarters: weeks.map(w => byWeek.get(w).rows) };
  weeklyShown = { key, figures };
  state.figures.weekly = figures;
  document.getElementById('weekly-range').textContent = `${figures.from} – ${figures.to}`;
  const round = v => v == null ? null : Math.round(1000 * v) / 1000;
  const line = (name, values, color) => ({ name, type: 'line', color, itemStyle: { color }, lineStyle: { color },
    symbolSize: 7, data: values.map(round) });
  chart('weekly').setOption({ tooltip: { trigger: 'axis', valueFormatter: v => pct(v) }, legend: {},
    xAxis: { type: 'category', name: 'week of quarter', nameLocation: 'middle', nameGap: 28, data: weeks },
    yAxis: { type: 'value', max: 1, axisLabel: { formatter: v => `${Math.round(100 * v)} %` } },
    series: [line('accuracy (1 − WMAPE)', figures.accuracy, WEEKLY.color.accuracy),
      line('P10–P90 coverage', figures.coverage, WEEKLY.color.coverage)] }, true);
}

// one drawing at a time; a request for another while one runs is remembered and done after it
let drawing = null;
let again = false;

async function drawAll() {
  if (drawing) {
    again = true;
    return drawing;
  }
  drawing = drawOnce().finally(() => {
    drawing = null;
    if (again) {
      again = false;
      drawAll();
    }
  });
  return drawing;
}

async function drawOnce() {
  const status = document.getElementById('status');
  const asOf = state.asOf;
  status.textContent = 'loading…';
  showLive();
  warnings = new Map();
  answerCurrency = null;
  try {
    await Promise.all([drawFunnel(), drawForecast(), drawRepsAndHeatmap(), drawMaturity(), drawBacktest(),
      drawWeeklyAccuracy()]);
    if (asOf !== state.asOf) {
      again = true; // the date changed meanwhile: draw again for the new one
      return;
    }
    showAmounts();
    state.loaded++;
    status.textContent = `as of ${state.asOf || 'now'} · drawn ${new Date().toLocaleTimeString()}`;
    document.body.dataset.loaded = state.loaded;
  } catch (e) {
    // e.g. 503 while the forecast catches up after a start: try again shortly
    status.textContent = `${e.message} · retrying`;
    setTimeout(drawAll, 3000);
  }
}

/** The currency of every amount on the page, and the amounts left out for want of a rate (a count; the list in
 * its tooltip and, on a click, below the header). */
function showAmounts() {
  const currency = currencyShown();
  state.figures.currency = currency;
  if (!state.currency) {
    document.getElementById('currency').textContent = currency; // the reporting currency, the default choice
  }
  document.querySelectorAll('.cur').forEach(e => { e.textContent = currency; });
  const list = [...warnings.values()];
  state.figures.warnings = list.length;
  const badge = document.getElementById('warnings');
  badge.hidden = list.length === 0;
  badge.textContent = `⚠ ${list.length} left out`;
  const lines = list.map(w => `${w.opportunityId}: ${money(w.value)} ${w.currency} on ${w.on} — ${w.message}`);
  badge.title = `Amounts left out of the totals: no exchange rate to ${currency}\n${lines.join('\n')}`;
  const items = document.getElementById('warning-list');
  items.replaceChildren(...lines.map(text => Object.assign(document.createElement('li'), { textContent: text })));
  if (!list.length) {
    items.hidden = true;
  }
}

/** "now" is live: no date picked, or today's (the page then asks for now, as the Today button does). */
const today = () => isoDay(new Date(Date.now() - new Date().getTimezoneOffset() * 60000));
const isLive = () => state.asOf == null;

/** The live mark only where the page redraws as facts land; lit while the stream is connected. */
let streamOpen = false;
function showLive() {
  const live = document.getElementById('live');
  live.hidden = !isLive();
  live.classList.toggle('on', streamOpen && isLive());
}

// redraw at most once a second while facts land, and only when looking at "now"
let pending = null;
function liveUpdate() {
  if (!isLive() || pending) {
    return;
  }
  pending = setTimeout(() => { pending = null; drawAll(); }, 1000);
}

/**
 * Server-sent events read with fetch (EventSource cannot send the API key): 'snapshot' lights the live mark, each
 * 'update' redraws. Reconnects after a drop.
 */
let streamAbort = null;
async function listen() {
  if (streamAbort) {
    streamAbort.abort();
  }
  const abort = new AbortController();
  streamAbort = abort;
  try {
    const response = await api('/api/v1/stream', { headers: { Accept: 'text/event-stream' }, signal: abort.signal });
    if (!response.ok) {
      throw new Error(`HTTP ${response.status}`);
    }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        break;
      }
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const message = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = message.split('\n').find(line => line.startsWith('event:'));
        const name = event ? event.slice(6).trim() : null;
        if (name === 'snapshot') {
          streamOpen = true;
          showLive();
        } else if (name === 'update') {
          liveUpdate();
        }
      }
    }
  } catch (e) {
    if (abort.signal.aborted) {
      return;
    }
  }
  streamOpen = false;
  showLive();
  if (!abort.signal.aborted) {
    setTimeout(listen, 3000);
  }
}

const keyInput = document.getElementById('apiKey');
keyInput.value = localStorage.getItem(KEY_STORE) || '';
keyInput.addEventListener('change', e => {
  localStorage.setItem(KEY_STORE, e.target.value.trim());
  keyInput.classList.remove('missing');
  drawAll();
  listen();
  listCurrencies();
});
// the CSV is fetched with the key and handed to the browser as a file
document.getElementById('csv').addEventListener('click', async e => {
  e.preventDefault();
  const response = await api(e.currentTarget.href);
  if (response.ok) {
    const link = document.createElement('a');
    link.href = URL.createObjectURL(await response.blob());
    link.download = `forecast-${document.getElementById('quarter').textContent}.csv`;
    link.click();
    URL.revokeObjectURL(link.href);
  }
});
document.getElementById('asOf').addEventListener('change', e => {
  // today's date is "now": drawn live, as with the Today button
  state.asOf = e.target.value && e.target.value !== today() ? e.target.value : null;
  showLive();
  drawAll();
});
document.getElementById('today').addEventListener('click', () => {
  document.getElementById('asOf').value = '';
  state.asOf = null;
  showLive();
  drawAll();
});
document.getElementById('shrunk').addEventListener('change', drawRepsAndHeatmap);
document.getElementById('currencyPick').addEventListener('change', e => {
  state.currency = e.target.value || null;
  drawAll();
});
document.getElementById('warnings').addEventListener('click', () => {
  const items = document.getElementById('warning-list');
  items.hidden = !items.hidden;
});
window.addEventListener('resize', () => {
  Object.values(charts).forEach(c => c.resize());
  if (charts.funnel) {
    drawFunnelChart(); // the funnel's width depends on the card's
  }
});
/** The currencies one can ask for: those with a recorded exchange rate (none readable: only the reporting one). */
async function listCurrencies() {
  const response = await fetch('/api/v1/exchange-rates', { headers: { Accept: 'application/json',
    'X-API-Key': localStorage.getItem(KEY_STORE) || '' } }).catch(() => null);
  if (!response || !response.ok) {
    return;
  }
  const table = await response.json();
  const codes = new Set((table.rates || []).flatMap(r => [r.currency, r.quoteCurrency]).filter(c => c));
  codes.delete(table.reportingCurrency);
  const pick = document.getElementById('currencyPick');
  pick.replaceChildren(pick.options[0], ...[...codes].sort().map(code =>
      Object.assign(document.createElement('option'), { value: code, textContent: code })));
  pick.value = state.currency || '';
}

drawAll();
listen();
listCurrencies();
