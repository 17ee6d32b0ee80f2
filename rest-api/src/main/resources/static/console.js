// nicplan console: plain JavaScript over the service's /api (docs/console.md). No libraries, no build step.
'use strict';

// ---------------------------------------------------------------------------------------------------------
// The one way this page reaches the service. Every request goes through api(), which adds the bearer token
// when the user gave one (the service may require it: docs/service.md), and turns problem details into errors.
const TOKEN_KEY = 'nicplan.token';

function authHeaders() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  return token ? {Authorization: 'Bearer ' + token} : {};
}

class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || ('HTTP ' + status));
    this.status = status;
    this.problem = problem || {};
  }
}

async function api(path, options = {}) {
  const init = Object.assign({}, options);
  init.headers = Object.assign({}, authHeaders(), options.headers || {});
  if (options.json !== undefined) {
    init.body = JSON.stringify(options.json);
    init.headers['Content-Type'] = 'application/json';
    delete init.json;
  }
  const response = await fetch(path, init);
  if (!response.ok) {
    let problem = null;
    try { problem = await response.json(); } catch (e) { problem = null; }
    throw new ApiError(response.status, problem);
  }
  return response;
}

const apiJson = async (path, options) => (await api(path, options)).json();
const apiText = async (path, options) => (await api(path, options)).text();

/**
 * Server-sent events read through api() rather than EventSource, which cannot send an Authorization header.
 * Calls onEvent(name, data) per event until the stream ends.
 */
async function apiEvents(path, onEvent) {
  const response = await api(path, {headers: {Accept: 'text/event-stream'}});
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const {value, done} = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, {stream: true});
    let end;
    while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
      let name = 'message';
      const data = [];
      for (const line of block.split(/\r?\n/)) {
        if (line.startsWith('event:')) name = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length) onEvent(name, JSON.parse(data.join('\n')));
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Small helpers

const $ = (selector, root = document) => root.querySelector(selector);

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

function say(message, isError) {
  const s = $('#status');
  s.textContent = message;
  s.className = isError ? 'error' : '';
}

function fail(e) {
  say(e.message, true);
  console.error(e);
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
const number = n => (n === null || n === undefined) ? '' : Number(n).toLocaleString('en');

/** Tables with class "sortable": a click on a header sorts by that column (again: the other way). */
function makeSortable(table) {
  table.querySelectorAll('th[data-key]').forEach((th, index) => {
    th.tabIndex = 0;
    th.setAttribute('aria-sort', 'none');
    const sort = () => {
      const ascending = th.getAttribute('aria-sort') !== 'ascending';
      table.querySelectorAll('th').forEach(h => h.setAttribute('aria-sort', 'none'));
      th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      const numeric = th.dataset.type === 'number';
      const rows = Array.from(table.tBodies[0].rows);
      rows.sort((a, b) => {
        const x = a.cells[index].textContent, y = b.cells[index].textContent;
        const c = numeric ? (parseFloat(x.replace(/,/g, '')) || -1) - (parseFloat(y.replace(/,/g, '')) || -1)
                          : x.localeCompare(y, 'en', {numeric: true});
        return ascending ? c : -c;
      });
      table.tBodies[0].append(...rows);
    };
    th.addEventListener('click', sort);
    th.addEventListener('keydown', e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); } });
  });
}

/** A picture from the service (SVG drawn by Graphviz), or the DOT text when the service cannot draw. */
async function showPicture(container, svgPath, dotPath) {
  container.textContent = 'drawing…';
  try {
    const svg = await apiText(svgPath);
    container.innerHTML = svg.replace(/^[\s\S]*?(<svg)/, '$1');
  } catch (e) {
    if (e.status === 501 && dotPath) {
      container.replaceChildren(el('p', {text: e.message}), el('pre', {text: await apiText(dotPath)}));
    } else {
      container.textContent = e.message;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// NICs: the list, the graph of one, and the editor with diagnostics as you type

let nics = [];

async function loadNics() {
  nics = await apiJson('/api/nics');
  const body = $('#nic-table tbody');
  body.replaceChildren();
  for (const n of nics) {
    const s = n.summary;
    const r = s.resources || {};
    const filters = Object.entries(r).filter(([k]) => /filter/.test(k)).map(([k, v]) => k.replace(/_filters$/, '') + ' ' + number(v)).join(', ');
    const functions = new Map();
    for (const c of s.configNodes) functions.set(c.function, (functions.get(c.function) || 0) + 1);
    const configs = Array.from(functions, ([f, n]) => n > 1 ? f + ' ×' + n : f).join(', ');
    body.append(el('tr', {'data-nic': n.id},
      el('th', {scope: 'row'}, n.builtin ? n.id : n.name),
      el('td', {text: s.graph}), el('td', {class: 'num', text: number(s.nodes)}),
      el('td', {class: 'num', text: number(r.rx_queues)}), el('td', {text: filters}), el('td', {text: configs}),
      el('td', {}, el('button', {type: 'button', class: 'draw', text: 'graph', onclick: () => drawNic(n.id, s.graph)}))));
  }
  const select = $('#plan-nic');
  const chosen = select.value;
  select.replaceChildren(...nics.map(n => el('option', {value: n.id, text: n.builtin ? n.id : n.name})));
  select.value = chosen || 'builtin:intel-82599';
}

async function drawNic(id, graphName) {
  const figure = $('#nic-graph');
  figure.hidden = false;
  $('figcaption', figure).textContent = graphName + ': replicated nodes folded (Q{0..127} is 128 queues)';
  const base = '/api/nics/' + encodeURIComponent(id) + '/graph?collapse=true&format=';
  const groups = await apiJson(base + 'json');
  $('tbody', figure).replaceChildren(...groups.groups.map(g =>
    el('tr', {}, el('td', {text: g.id}), el('td', {text: g.kind + (g.function ? ' (' + g.function + ')' : '')}),
      el('td', {class: 'num', text: g.size}))));
  await showPicture($('.picture', figure), base + 'svg', base + 'dot');
}

const editor = {timer: null, seq: 0};

function renderGutter(lineCount, diagnostics) {
  const byLine = new Map();
  for (const d of diagnostics) {
    if (!byLine.has(d.line)) byLine.set(d.line, []);
    byLine.get(d.line).push(d);
  }
  const gutter = $('#gutter');
  gutter.replaceChildren();
  for (let i = 1; i <= lineCount; i++) {
    const ds = byLine.get(i) || [];
    const cls = ds.some(d => d.severity === 'error') ? 'line error' : ds.length ? 'line warning' : 'line';
    const attrs = {class: cls, 'data-line': i};
    if (ds.length) attrs.title = ds.map(d => d.line + ':' + d.column + ' ' + d.message).join('\n');
    gutter.append(el('div', attrs, String(i)));
  }
  gutter.scrollTop = $('#unicorn').scrollTop;
}

async function validate() {
  const text = $('#unicorn').value;
  const seq = ++editor.seq;
  let result;
  try {
    result = await apiJson('/api/nics/validate', {method: 'POST', headers: {'Content-Type': 'text/plain'}, body: text});
  } catch (e) {
    fail(e);
    return;
  }
  if (seq !== editor.seq) return;  // the text changed again meanwhile; its own check will answer
  renderGutter(text.split('\n').length, result.diagnostics);
  const list = $('#diagnostics');
  list.replaceChildren(...result.diagnostics.map(d => el('li', {class: d.severity, 'data-line': d.line},
    el('a', {href: '#', onclick: ev => { ev.preventDefault(); goToLine(d.line, d.column); }}, 'line ' + d.line + ':' + d.column),
    ' ' + d.severity + ': ' + d.message)));
  if (result.ok) {
    const s = result.summary;
    list.append(el('li', {class: 'ok', text: 'parses: graph ' + s.graph + ', ' + s.nodes + ' nodes, ' + s.edges + ' edges'}));
  }
  $('#nic-save').disabled = !result.ok;
  $('#nic-form').dataset.checked = String(seq);
}

function goToLine(line, column) {
  const area = $('#unicorn');
  const lines = area.value.split('\n');
  let offset = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
  area.focus();
  area.setSelectionRange(offset + Math.max(0, column - 1), offset + Math.max(0, column - 1));
}

function onEdit() {
  renderGutter($('#unicorn').value.split('\n').length, []);
  clearTimeout(editor.timer);
  editor.timer = setTimeout(validate, 300);   // debounced: one check once typing pauses
}

async function storeNic(ev) {
  ev.preventDefault();
  try {
    const name = $('#nic-name').value;
    const view = await apiJson('/api/nics?name=' + encodeURIComponent(name),
      {method: 'POST', headers: {'Content-Type': 'text/plain'}, body: $('#unicorn').value});
    say('stored ' + view.name + ' (' + view.id + ')');
    await loadNics();
  } catch (e) { fail(e); }
}

// ---------------------------------------------------------------------------------------------------------
// Plan: the form (cost terms and weights beside their JSON), the live score chart, the result

/** The cost catalogue of docs/formats.md: term, its options (name: kind). */
const TERMS = [
  ['balance', {includeDefaultQueue: 'boolean'}],
  ['balanceByRate', {includeDefaultQueue: 'boolean'}],
  ['priority', {goldFlowsPerQueue: 'number', byRate: 'boolean'}],
  ['softwareCycles', {}],
  ['crossCore', {}],
  ['fastPath', {}],
  ['churn', {}],
];
const DEFAULT_COST = {terms: {priority: {weight: 1, goldFlowsPerQueue: 5, byRate: true}, balanceByRate: 1, softwareCycles: 1}};

function buildCostForm() {
  const body = $('#cost-terms tbody');
  for (const [term, options] of TERMS) {
    const opts = Object.entries(options).map(([o, kind]) => el('label', {},
      o + ' ', kind === 'boolean' ? el('input', {type: 'checkbox', 'data-term': term, 'data-option': o})
                                  : el('input', {type: 'number', min: 0, size: 4, 'data-term': term, 'data-option': o})));
    body.append(el('tr', {}, el('th', {scope: 'row'}, term),
      el('td', {}, el('input', {type: 'number', min: 0, max: 10000, value: 0, 'data-term': term, 'data-weight': '', 'aria-label': term + ' weight'})),
      el('td', {}, ...opts)));
  }
  body.addEventListener('input', costFormToJson);
  $('#cost-json').addEventListener('input', costJsonToForm);
  $('#cost-json').value = JSON.stringify(DEFAULT_COST, null, 2);
  costJsonToForm();
}

function costFormToJson() {
  let spec;
  try { spec = JSON.parse($('#cost-json').value); } catch (e) { spec = {}; }
  const terms = {};
  for (const [term, options] of TERMS) {
    const weight = parseInt($(`input[data-term="${term}"][data-weight]`).value || '0', 10);
    if (!weight) continue;
    const o = {};
    for (const [name, kind] of Object.entries(options)) {
      const input = $(`input[data-term="${term}"][data-option="${name}"]`);
      if (kind === 'boolean' && input.checked) o[name] = true;
      if (kind === 'number' && input.value !== '') o[name] = parseInt(input.value, 10);
    }
    terms[term] = Object.keys(o).length ? Object.assign({weight}, o) : weight;
  }
  spec.terms = terms;
  $('#cost-json').value = JSON.stringify(spec, null, 2);
}

function costJsonToForm() {
  let spec;
  try { spec = JSON.parse($('#cost-json').value); } catch (e) { return; }  // half-typed JSON: wait for more
  const terms = spec.terms || {};
  for (const [term, options] of TERMS) {
    const t = terms[term];
    const weight = t === undefined ? 0 : typeof t === 'number' ? t : (t.weight === undefined ? 1 : t.weight);
    $(`input[data-term="${term}"][data-weight]`).value = weight;
    for (const [name, kind] of Object.entries(options)) {
      const input = $(`input[data-term="${term}"][data-option="${name}"]`);
      const v = t && typeof t === 'object' ? t[name] : undefined;
      if (kind === 'boolean') input.checked = v === true; else input.value = v === undefined ? '' : v;
    }
  }
}

function planRequest(strategy) {
  const request = {nic: $('#plan-nic').value, state: JSON.parse($('#plan-state').value),
                   cost: JSON.parse($('#cost-json').value), strategy};
  if (strategy === 'optaplanner') {
    request.timeLimit = 'PT' + Math.max(1, parseInt($('#plan-time').value || '3', 10)) + 'S';
    const steps = $('#plan-steps').value;
    if (steps) request.stepLimit = parseInt(steps, 10);
  }
  return request;
}

const current = {plan: null, id: null, emulator: null, comparison: {}, request: null};

async function submitPlan(ev) {
  ev.preventDefault();
  let request;
  try {
    request = planRequest($('#plan-strategy').value);
  } catch (e) {
    say('the protocol state or the cost is not JSON: ' + e.message, true);
    return;
  }
  try {
    const view = await apiJson('/api/plans', {method: 'POST', json: request});
    openPlan(view.id, request);
  } catch (e) {
    const errors = e.problem.errors ? ': ' + e.problem.errors.map(x => x.pointer + ' ' + x.message).join('; ') : '';
    say(e.message + errors, true);
  }
}

async function openPlan(id, request) {
  Object.assign(current, {id, plan: null, comparison: {}, request, emulator: null});
  location.hash = 'plan=' + id;
  $('#result').hidden = false;
  $('#done').hidden = true;
  $('#apply').hidden = true;
  $('#plan-id').textContent = id;
  $('#score-table tbody').replaceChildren();
  drawScores([]);
  const points = [];
  setStatus('QUEUED');
  try {
    await apiEvents('/api/plans/' + id + '/events', (name, data) => {
      if (name === 'status') setStatus(data.status);
      if (name === 'best') {
        points.push(data);
        $('#score-table tbody').append(el('tr', {}, el('td', {class: 'num', text: number(data.elapsedMs)}),
          el('td', {class: 'num', text: number(data.total)}), el('td', {class: 'num', text: number(data.hard)}),
          el('td', {text: data.strategy})));
        drawScores(points);
      }
    });
  } catch (e) { fail(e); }
  await showResult(id);
}

function setStatus(status) {
  const badge = $('#plan-status');
  badge.textContent = status;
  badge.dataset.status = status;
}

/** Best total over time as a step line; the y axis starts at the lowest score seen. */
function drawScores(points) {
  const svg = $('#score-svg');
  const W = 600, H = 200, L = 70, B = 24;
  svg.replaceChildren();
  const ns = 'http://www.w3.org/2000/svg';
  const make = (tag, attrs, text) => {
    const e = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    svg.append(e);
    return e;
  };
  make('line', {x1: L, y1: H - B, x2: W - 5, y2: H - B, class: 'axis'});
  make('line', {x1: L, y1: 5, x2: L, y2: H - B, class: 'axis'});
  svg.dataset.points = String(points.length);
  if (!points.length) {
    make('text', {x: L + 10, y: H / 2}, 'waiting for the first plan…');
    return;
  }
  const maxT = Math.max(1, ...points.map(p => p.elapsedMs));
  const lo = Math.min(...points.map(p => p.total)), hi = Math.max(...points.map(p => p.total));
  const x = t => L + (W - L - 10) * t / maxT;
  const y = v => hi === lo ? (H - B) / 2 : 8 + (H - B - 16) * (hi - v) / (hi - lo);
  let d = '';
  points.forEach((p, i) => {
    d += (i ? ' H' + x(p.elapsedMs).toFixed(1) + ' V' : 'M' + x(p.elapsedMs).toFixed(1) + ' ') + y(p.total).toFixed(1);
  });
  make('path', {d, class: 'score'});
  points.forEach(p => make('circle', {cx: x(p.elapsedMs), cy: y(p.total), r: 3, class: 'score-point'}));
  make('text', {x: 4, y: 14, class: 'tick'}, number(hi));
  make('text', {x: 4, y: H - B, class: 'tick'}, number(lo));
  make('text', {x: W - 60, y: H - 6, class: 'tick'}, number(maxT) + ' ms');
}

async function showResult(id) {
  const view = await apiJson('/api/plans/' + id);
  setStatus(view.status);
  if (!view.plan) {
    say('plan ' + id + ' ended ' + view.status + (view.error ? ': ' + view.error : ''), view.status === 'FAILED');
    return;
  }
  current.plan = view.plan;
  current.request = current.request || view.request;
  const p = view.plan;
  $('#plan-summary').textContent = p.strategy + ': ' + (p.feasible ? 'feasible' : 'infeasible (' + p.reasons.join('; ') + ')')
    + ', total cost ' + number(p.cost.total) + ', ' + p.placements.length + ' flows'
    + (p.verified === undefined ? '' : p.verified ? ', verified by the embedder' : ', NOT verified');
  renderPlacements(p);
  renderExplanation(p);
  $('#done').hidden = false;
  // The plan page's first meaningful paint (placements drawn), measured by the browser test.
  requestAnimationFrame(() => { document.body.dataset.planShownMs = String(Math.round(performance.now())); });
  $('#apply').hidden = false;
  resetApply();
  renderBars();
  compareWithBaselines(current.request).catch(fail);
  showPicture($('#embedding .picture'), '/api/plans/' + id + '/embedding/svg?collapse=true',
    '/api/plans/' + id + '/embedding?format=dot&collapse=true');
}

function flowRates(request) {
  const flows = (request && (request.flows || (request.state && request.state.flows))) || [];
  return new Map(flows.map(f => [f.id, f.pps]));
}

function renderPlacements(p) {
  const rates = flowRates(current.request);
  const rows = p.placements.map(f => el('tr', {},
    el('td', {text: f.flow}), el('td', {text: f.mechanism}),
    el('td', {class: 'num', text: f.queue === null ? 'spread' : f.queue}),
    el('td', {text: f.fastPath ? 'yes' : 'no'}), el('td', {class: 'num', text: number(rates.get(f.flow))})));
  $('#placements tbody').replaceChildren(...rows);
}

function renderExplanation(p) {
  const box = $('#explanation');
  box.replaceChildren();
  const terms = (p.cost && p.cost.terms) || {};
  const byTerm = new Map();
  for (const e of p.explanation || []) {
    if (!byTerm.has(e.constraint)) byTerm.set(e.constraint, []);
    byTerm.get(e.constraint).push(e);
  }
  for (const [term, t] of Object.entries(terms)) if (!byTerm.has(term)) byTerm.set(term, []);
  for (const [term, entries] of byTerm) {
    const t = terms[term];
    const head = term + (t ? ': value ' + number(t.value) + ' × weight ' + t.weight + ' = ' + number(t.cost) : '')
      + entries.map(e => e.hard ? ', hard ' + number(e.hard) : '').join('');
    const list = el('ul');
    for (const e of entries) for (const m of e.matches) list.append(el('li', {text: m}));
    box.append(el('details', {open: ''}, el('summary', {text: head}), list));
  }
}

/** The same inputs planned by greedy and by default (RSS only), for the per-queue comparison. */
async function compareWithBaselines(request) {
  const base = Object.assign({}, request);
  delete base.timeLimit;
  delete base.stepLimit;
  for (const strategy of ['greedy', 'default']) {
    const view = await apiJson('/api/plans', {method: 'POST', json: Object.assign({}, base, {strategy})});
    let done;
    do {
      await sleep(200);
      done = await apiJson('/api/plans/' + view.id + '/status');
    } while (done.status === 'QUEUED' || done.status === 'SOLVING');
    const full = await apiJson('/api/plans/' + view.id);
    current.comparison[strategy] = full.plan;
    renderBars();
  }
}

function perQueue(plan, measure) {
  const m = new Map();
  for (const q of (plan && plan.pipelines) || []) m.set(q.queue, q[measure]);
  return m;
}

function renderBars() {
  const measure = $('#bar-measure').value;
  const series = [current.plan, current.comparison.greedy, current.comparison.default].map(p => perQueue(p, measure));
  const queues = Array.from(new Set(series.flatMap(s => Array.from(s.keys())))).sort((a, b) => a - b);
  const max = Math.max(1, ...series.flatMap(s => Array.from(s.values())));
  const cell = (s, q, cls) => {
    const v = s.get(q) || 0;
    return el('td', {}, el('span', {class: 'bar ' + cls, style: 'width:' + (80 * v / max).toFixed(1) + '%'}),
      el('span', {class: 'value', text: number(Math.round(v * 10) / 10)}));
  };
  $('#queue-bars tbody').replaceChildren(...queues.map(q => el('tr', {'data-queue': q},
    el('th', {scope: 'row', text: q}), cell(series[0], q, 'this'), cell(series[1], q, 'greedy'), cell(series[2], q, 'default'))));
  $('#queue-bars').dataset.compared = Object.keys(current.comparison).join(',');
}

async function showExport() {
  const format = $('#export-format').value;
  try {
    const bestEffort = $('#export-best-effort').checked ? '&bestEffort=true' : '';
    $('#export-text').textContent = await apiText('/api/plans/' + current.id + '/export?format=' + encodeURIComponent(format) + bestEffort);
    $('#export-text').className = '';
  } catch (e) {
    $('#export-text').textContent = e.message + (e.problem.reasons ? '\n' + e.problem.reasons.join('\n') : '');
    $('#export-text').className = 'error';
  }
}

// ---------------------------------------------------------------------------------------------------------
// Apply: emulator, verify, commit, replay, counters, pcap

let counterTimer = null;

function resetApply() {
  clearInterval(counterTimer);
  ['#apply-verify', '#apply-commit', '#apply-replay', '#apply-pcap'].forEach(b => { $(b).disabled = true; });
  ['#apply-emulator', '#apply-verified', '#apply-committed', '#apply-agreement', '#apply-pcap-size']
    .forEach(s => { $(s).textContent = ''; });
  $('#counters tbody').replaceChildren();
  $('#traffic tbody').replaceChildren();
  $('#counter-total').textContent = '';
}

async function createEmulator() {
  try {
    const nic = current.request ? current.request.nic : $('#plan-nic').value;
    const e = await apiJson('/api/emulators', {method: 'POST', json: {description: nic}});
    current.emulator = e.id;
    $('#apply-emulator').textContent = e.nic + ': ' + e.rxQueues + ' queues, stages ' + e.stages.join(', ');
    $('#apply-verify').disabled = false;
    clearInterval(counterTimer);
    counterTimer = setInterval(() => refreshCounters().catch(() => clearInterval(counterTimer)), 1000);
    await refreshCounters();
  } catch (e) { fail(e); }
}

async function writeConfiguration(verifyOnly) {
  const outcome = await apiJson('/api/emulators/' + current.emulator + '/configuration' + (verifyOnly ? '?verifyOnly=true' : ''),
    {method: 'PUT', json: {plan: current.id}});
  const counts = {};
  for (const u of outcome.updates) counts[u.status] = (counts[u.status] || 0) + 1;
  return outcome.updates.length + ' updates (' + Object.entries(counts).map(([k, v]) => v + ' ' + k).join(', ') + ')'
    + (outcome.notes && outcome.notes.length ? '; ' + outcome.notes.join('; ') : '');
}

async function verify() {
  try {
    $('#apply-verified').textContent = 'verified: ' + await writeConfiguration(true);
    $('#apply-commit').disabled = false;
  } catch (e) { $('#apply-verified').textContent = e.message; }
}

async function commit() {
  try {
    $('#apply-committed').textContent = 'committed: ' + await writeConfiguration(false);
    $('#apply-replay').disabled = false;
  } catch (e) { $('#apply-committed').textContent = e.message; }
}

async function replay() {
  try {
    const t = await apiJson('/api/emulators/' + current.emulator + '/traffic', {method: 'POST', json: {duration: 'PT0.01S'}});
    const s = t.summary;
    const agreement = $('#apply-agreement');
    agreement.textContent = (Math.round(s.agreement * 1000) / 10) + ' % agreement (' + s.agreed + ' of ' + s.compared
      + ' flows, ' + number(s.packets) + ' packets)';
    agreement.dataset.agreement = String(s.agreement);
    const predicted = f => f.predicted ? f.predicted.mechanism + ' → ' + (f.predicted.queue === null ? 'spread' : 'queue ' + f.predicted.queue)
      + (f.predicted.fastPath ? ' (fast path)' : '') : '';
    const observed = f => Object.entries((f.observed && f.observed.queues) || {}).map(([q, n]) => 'queue ' + q + ': ' + n).join(', ')
      + Object.entries((f.observed && f.observed.drops) || {}).map(([r, n]) => ' dropped ' + r + ': ' + n).join('');
    $('#traffic tbody').replaceChildren(...t.flows.map(f => el('tr', {class: f.agree ? '' : 'disagree'},
      el('td', {text: f.flow}), el('td', {class: 'num', text: number(f.packets)}), el('td', {text: predicted(f)}),
      el('td', {text: observed(f)}), el('td', {text: f.agree ? 'yes' : 'NO'}))));
    renderCounters(t.counters);
    $('#apply-pcap').disabled = false;
  } catch (e) { $('#apply-agreement').textContent = e.message; }
}

async function refreshCounters() {
  if (current.emulator) renderCounters(await apiJson('/api/emulators/' + current.emulator + '/counters'));
}

function renderCounters(c) {
  const per = c.perQueue || [];
  const max = Math.max(1, ...per);
  const rows = [];
  per.forEach((n, q) => {
    if (n > 0) rows.push(el('tr', {'data-queue': q}, el('th', {scope: 'row', text: q}),
      el('td', {}, el('span', {class: 'bar this', style: 'width:' + (80 * n / max).toFixed(1) + '%'}),
        el('span', {class: 'value', text: number(n)}))));
  });
  $('#counters tbody').replaceChildren(...rows);
  const total = $('#counter-total');
  total.textContent = number(c.rxFrames) + ' frames received, ' + number(c.toQueues) + ' to queues, '
    + number(Object.values(c.drops || {}).reduce((a, b) => a + b, 0)) + ' dropped';
  total.dataset.rxFrames = String(c.rxFrames);
}

async function downloadPcap() {
  try {
    const blob = await (await api('/api/emulators/' + current.emulator + '/pcap')).blob();
    const url = URL.createObjectURL(blob);
    const a = el('a', {href: url, download: 'nicplan-' + current.emulator + '.pcap'});
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    $('#apply-pcap-size').textContent = number(blob.size) + ' bytes downloaded';
    $('#apply-pcap-size').dataset.bytes = String(blob.size);
  } catch (e) { fail(e); }
}

// ---------------------------------------------------------------------------------------------------------

/** The shipped examples (examples/ in the repository, copied into the jar) to start from. */
async function loadSamples() {
  try {
    const [description, state] = await Promise.all(['samples/my-nic.unicorn', 'samples/memcached-state.json']
      .map(async path => (await fetch(path)).text()));
    $('#unicorn').value = description;
    $('#plan-state').value = state;
  } catch (e) { fail(e); }
}

function readStateFile() {
  const file = $('#state-file').files[0];
  if (file) file.text().then(text => { $('#plan-state').value = text; });
}

async function start() {
  $('#token').value = sessionStorage.getItem(TOKEN_KEY) || '';
  $('#token').addEventListener('change', () => {
    const t = $('#token').value.trim();
    if (t) sessionStorage.setItem(TOKEN_KEY, t); else sessionStorage.removeItem(TOKEN_KEY);
    loadNics().then(() => say('')).catch(fail);
  });
  $('#token-form').addEventListener('submit', e => e.preventDefault());
  $('#unicorn').addEventListener('input', onEdit);
  $('#unicorn').addEventListener('scroll', () => { $('#gutter').scrollTop = $('#unicorn').scrollTop; });
  $('#nic-form').addEventListener('submit', storeNic);
  $('#plan-form').addEventListener('submit', submitPlan);
  $('#state-file').addEventListener('change', readStateFile);
  $('#bar-measure').addEventListener('change', renderBars);
  $('#export-button').addEventListener('click', showExport);
  $('#apply-create').addEventListener('click', createEmulator);
  $('#apply-verify').addEventListener('click', verify);
  $('#apply-commit').addEventListener('click', commit);
  $('#apply-replay').addEventListener('click', replay);
  $('#apply-pcap').addEventListener('click', downloadPcap);
  document.querySelectorAll('table.sortable').forEach(makeSortable);
  buildCostForm();
  await Promise.all([loadSamples(), loadNics().catch(fail)]);
  renderGutter($('#unicorn').value.split('\n').length, []);
  validate();
  // When the NIC list is drawn: the console's first meaningful paint, which the browser test measures.
  document.body.dataset.readyMs = String(Math.round(performance.now()));
  document.body.dataset.ready = 'true';
  const m = /plan=([0-9a-f-]+)/.exec(location.hash);
  if (m) openPlan(m[1], null);
}

start();
