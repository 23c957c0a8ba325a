// The dashboard: every figure read from the ledger's own API as of the chosen date, redrawn live when facts land.
'use strict';

const charts = {};
const state = { asOf: null, loaded: 0, figures: {} }; // figures: what is drawn, for people and the browser test
window.ledgerDashboard = state;

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

async function get(path) {
  const separator = path.includes('?') ? '&' : '?';
  const url = state.asOf ? `${path}${separator}asOf=${state.asOf}` : path;
  const response = await api(url, { headers: { Accept: 'application/json' } });
  if (!response.ok) {
    throw new Error(`${url}: HTTP ${response.status}`);
  }
  return response.json();
}

const money = v => v == null ? '–' : Number(v).toLocaleString('en-US', { maximumFractionDigits: 0 });
const pct = v => v == null ? '–' : `${(100 * v).toFixed(1)} %`;

/** The quarter containing a date (yyyy-mm-dd or today), as the API spells it, with its first day. */
function quarterOf(day) {
  const d = day ? new Date(`${day}T00:00:00Z`) : new Date();
  const q = Math.floor(d.getUTCMonth() / 3) + 1;
  return { key: `${d.getUTCFullYear()}-Q${q}`, start: new Date(Date.UTC(d.getUTCFullYear(), 3 * (q - 1), 1)),
    end: new Date(Date.UTC(d.getUTCFullYear(), 3 * q, 1)), at: d };
}

const isoDay = d => d.toISOString().slice(0, 10);

async function drawFunnel() {
  const pipeline = await get('/api/v1/pipeline?groupBy=all');
  const all = pipeline.groups[0] || { count: 0, amount: 0, stages: [] };
  state.figures.pipelineCount = all.count;
  chart('funnel').setOption({
    tooltip: { trigger: 'item', formatter: p => `${p.name}: ${p.value} deals, ${money(p.data.amount)}` },
    series: [{ type: 'funnel', sort: 'none', left: '10%', width: '80%', label: { formatter: '{b}: {c}' },
      data: all.stages.map(s => ({ name: s.stage, value: s.count, amount: s.amount })) }]
  }, true);
  document.getElementById('funnel-total').textContent =
      `${all.count} open deals, ${money(all.amount)} in the pipeline`;
  document.getElementById('funnel-total').dataset.count = all.count;
}

async function drawForecast() {
  const quarter = quarterOf(state.asOf);
  document.getElementById('quarter').textContent = quarter.key;
  document.getElementById('csv').href = `/api/v1/forecast?period=${quarter.key}&groupBy=rep&format=csv` +
      (state.asOf ? `&asOf=${state.asOf}` : '');
  // as of the quarter's first day, then every two weeks, up to the chosen date: how the forecast narrowed
  const points = [];
  for (let t = new Date(quarter.start); t < quarter.at; t = new Date(t.getTime() + 14 * 86400000)) {
    points.push(isoDay(t));
  }
  const last = state.asOf || null;
  const asked = points.map(day => fetchForecast(quarter.key, day, 'learned'));
  asked.push(fetchForecast(quarter.key, last, 'learned'));
  const learned = await Promise.all(asked);
  const baseline = await fetchForecast(quarter.key, last, 'baseline');
  const labels = points.concat([last || 'now']);
  const rows = learned.map(f => f.groups[0] || {});
  const p10 = rows.map(g => Number(g.p10 || 0));
  const band = rows.map((g, i) => Number(g.p90 || 0) - p10[i]);
  const now = rows[rows.length - 1];
  state.figures.forecast = { p10: Number(now.p10), p50: Number(now.p50), p90: Number(now.p90),
    closedWon: Number(now.closedWon), baseline: Number((baseline.groups[0] || {}).expected || 0) };
  chart('fan').setOption({
    tooltip: { trigger: 'axis' },
    legend: { data: ['P10–P90', 'P50', 'closed won', 'baseline'] },
    grid: { left: 90, right: 20 },
    xAxis: { type: 'category', data: labels },
    yAxis: { type: 'value', axisLabel: { formatter: v => money(v) } },
    series: [
      { name: 'P10', type: 'line', stack: 'band', data: p10, lineStyle: { opacity: 0 }, symbol: 'none' },
      { name: 'P10–P90', type: 'line', stack: 'band', data: band, lineStyle: { opacity: 0 }, symbol: 'none',
        areaStyle: { color: 'rgba(70,130,220,.25)' } },
      { name: 'P50', type: 'line', data: rows.map(g => Number(g.p50 || 0)) },
      { name: 'closed won', type: 'line', data: rows.map(g => Number(g.closedWon || 0)) },
      { name: 'baseline', type: 'line', lineStyle: { type: 'dashed' },
        data: labels.map((l, i) => i === labels.length - 1 ? state.figures.forecast.baseline : null) }
    ]
  }, true);
  const f = state.figures.forecast;
  const figures = document.getElementById('forecast-figures');
  figures.textContent = `P10 ${money(f.p10)} · P50 ${money(f.p50)} · P90 ${money(f.p90)} · ` +
      `closed won ${money(f.closedWon)} · baseline ${money(f.baseline)}`;
  figures.dataset.p50 = f.p50;
}

async function fetchForecast(period, day, method) {
  const query = `/api/v1/forecast?period=${period}&groupBy=all&method=${method}` + (day ? `&asOf=${day}` : '');
  const response = await api(query);
  if (!response.ok) {
    throw new Error(`${query}: HTTP ${response.status}`);
  }
  return response.json();
}

async function drawRepsAndHeatmap() {
  const conversion = await get('/api/v1/conversion?groupBy=rep');
  const reps = conversion.groups.map(g => g.group);
  const stages = conversion.groups.length ? conversion.groups[0].stages.map(s => s.stage) : [];
  const cards = await Promise.all(reps.map(rep => get(`/api/v1/reps/${encodeURIComponent(rep)}/scorecard`)
      .catch(() => null)));
  const shrunk = document.getElementById('shrunk').checked;
  const cells = [];
  conversion.groups.forEach((g, r) => g.stages.forEach((s, c) => {
    let value = s.conversionRate;
    if (shrunk && cards[r]) {
      const stage = cards[r].stages.find(x => x.stage === s.stage);
      value = stage ? stage.conversionShrunk : null;
    }
    if (value != null) {
      cells.push([c, r, Math.round(1000 * value) / 1000]);
    }
  }));
  state.figures.heatmapCells = cells.length;
  state.figures.reps = reps.length;
  chart('heatmap').setOption({
    tooltip: { formatter: p => `${reps[p.value[1]]} · ${stages[p.value[0]]}: ${pct(p.value[2])}` },
    grid: { left: 80, top: 10, bottom: 60 },
    xAxis: { type: 'category', data: stages, axisLabel: { rotate: 20 } },
    yAxis: { type: 'category', data: reps },
    visualMap: { min: 0, max: 1, calculable: true, orient: 'horizontal', left: 'center', bottom: 0 },
    series: [{ type: 'heatmap', data: cells }]
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
  const series = ['LEARNED', 'BASELINE'].map(method => ({ name: method.toLowerCase(), type: 'bar',
    data: periods.map(p => {
      const row = report.rows.find(r => r.period === p && r.method === method);
      return row && row.accuracy != null ? Math.round(1000 * row.accuracy) / 1000 : null;
    }) }));
  state.figures.backtestPeriods = periods.length;
  chart('backtest').setOption({ tooltip: { trigger: 'axis' }, legend: {},
    xAxis: { type: 'category', data: periods }, yAxis: { type: 'value', max: 1 }, series }, true);
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
  try {
    await Promise.all([drawFunnel(), drawForecast(), drawRepsAndHeatmap(), drawMaturity(), drawBacktest()]);
    if (asOf !== state.asOf) {
      again = true; // the date changed meanwhile: draw again for the new one
      return;
    }
    state.loaded++;
    status.textContent = `as of ${state.asOf || 'now'} · drawn ${new Date().toLocaleTimeString()}`;
    document.body.dataset.loaded = state.loaded;
  } catch (e) {
    // e.g. 503 while the forecast catches up after a start: try again shortly
    status.textContent = `${e.message} · retrying`;
    setTimeout(drawAll, 3000);
  }
}

// redraw at most once a second while facts land, and only when looking at "now"
let pending = null;
function liveUpdate() {
  if (state.asOf || pending) {
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
  const live = document.getElementById('live');
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
          live.classList.add('on');
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
  live.classList.remove('on');
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
document.getElementById('asOf').addEventListener('change', e => { state.asOf = e.target.value || null; drawAll(); });
document.getElementById('today').addEventListener('click', () => {
  document.getElementById('asOf').value = '';
  state.asOf = null;
  drawAll();
});
document.getElementById('shrunk').addEventListener('change', drawRepsAndHeatmap);
window.addEventListener('resize', () => Object.values(charts).forEach(c => c.resize()));
drawAll();
listen();
