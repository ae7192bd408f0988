// Accounts (/explore/accounts, /explore/accounts/{id}): a searchable account
// list, and one account's journey as a timeline: contacts as lanes, its stages
// as bands behind, each touchpoint with its type and source; its path to a
// chosen stage (`Account.pathTo`) and the next best touchpoints towards that
// stage (`nextBestTouchpoints`) with their owner and capturing technologies.
// An open account's view follows it live over the page's one WebSocket.
import { catalog, subscribe } from '../api.js';
import { draw, categoryColours, symbols } from '../chart.js';
import { defaultStage, value } from '../form.js';
import { categoryName, empty, escapeHTML, formatCount, formatDuration, formatRate, h, summary, table } from '../ui.js';
import { compact, View } from '../view.js';

const listFields = `accounts(filter: $filter, first: 50) {
    totalCount
    edges { node { id name segment currentStage { name } } }
  }`;

export const listQuery = `query ExplorerAccounts($filter: AccountFilter) {
  ${listFields}
}`;

const touchpointFields = 'id source occurredAt type { key name category } contact { id }';

// accountFields asks for the account, with its path to $stage when withPath.
const accountFields = (withPath) => `account(id: $id) {
    id
    name
    domain
    industry
    segment
    region
    currentStage { name }
    contacts(first: 100) { edges { node { id firstName lastName email } } }
    stageHistory { stage { key name } at }
    journey(first: 500) {
      totalCount
      edges { node { ${touchpointFields} } }
    }${withPath ? `
    pathTo(stage: $stage) {
      stage { key name }
      reachedAt
      firstTouchAt
      elapsedSeconds
      stepCount
      steps(first: 500) { edges { node { ${touchpointFields} } } }
    }` : ''}
  }`;

export const accountQuery = `query ExplorerAccount($id: ID!, $filter: AccountFilter, $stage: String!) {
  ${listFields}
  ${accountFields(true)}
}`;

// Without any stage designed there is no path to ask for.
export const accountWithoutStageQuery = `query ExplorerAccountWithoutStage($id: ID!, $filter: AccountFilter) {
  ${listFields}
  ${accountFields(false)}
}`;

// Asked only once the account is known to exist: for an unknown account the
// API answers NOT_FOUND, and the page says “no such account” instead.
export const nextBestQuery = `query ExplorerNextBestTouchpoints($id: ID!, $stage: String!, $first: Int) {
  nextBestTouchpoints(accountId: $id, targetStage: $stage, first: $first) {
    targetStage { key name }
    targetAlreadyReached
    context
    contextTouchpointType { key name }
    contextObservations
    referenceJourneys
    candidates {
      touchpointType { key name category }
      probability
      reachProbability
      observations
      reached
      owner { key name }
      capturedBy { key name }
    }
  }
}`;

// What makes an open account's view reload: a touchpoint recorded for it or
// a stage it entered, through any replica or import.
// $after resumes them from the last event seen after a reconnect.
const liveTouchpoints = `subscription ExplorerAccountTouchpoints($id: ID!, $after: String) {
  touchpointRecorded(filter: { accountIds: [$id] }, after: $after) { cursor }
}`;
const liveStages = `subscription ExplorerAccountStages($id: ID!, $after: String) {
  stageChanged(filter: { accountIds: [$id] }, after: $after) { cursor }
}`;

const stageField = { name: 'stage', label: 'Target stage', type: 'select' };
const firstField = { name: 'first', label: 'Next best touchpoints to list', type: 'number', min: 1, max: 50, default: 5 };

const categoryOrder = ['MARKETING', 'SALES', 'FINANCE', 'PRODUCT', 'SUPPORT', 'SOCIAL'];

export function mount(main, ctx) {
  const view = new View(main, 'account', ctx.id ? 'Account journey' : 'Accounts',
    "Find an account by name, then see its journey: every touchpoint by contact over time, with the stages it went through behind, its path to a stage and the touchpoints most likely to bring it there.");
  const q = ctx.params.get('q') || '';
  // Every form keeps the other forms' state: the URL is the whole state.
  const go = (changes) => {
    const params = new URLSearchParams(ctx.params);
    for (const [name, v] of Object.entries(changes)) {
      if (v === '' || v === undefined) params.delete(name);
      else params.set(name, v);
    }
    ctx.navigate(location.pathname + (params.size ? '?' + params : ''));
  };
  const search = h('input', { id: 'account-search', type: 'search', name: 'q', value: q, placeholder: 'e.g. Acme' });
  const form = h('form', { class: 'controls', role: 'search', 'aria-label': 'Search accounts' },
    h('label', { class: 'field', for: 'account-search' }, 'Account name contains', search),
    h('button', { type: 'submit', text: 'Search' }));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    go({ q: search.value.trim() });
  });
  view.controls.replaceChildren(form);
  view.run(async (signal) => {
    const filter = q ? { nameContains: q } : undefined;
    let data;
    let stage;
    let first;
    if (ctx.id) {
      const cat = await catalog(signal);
      if (cat.stages.length) {
        stage = value(ctx.params, stageField) || defaultStage(cat);
        first = value(ctx.params, firstField);
        view.controls.replaceChildren(form, targetForm(cat.stages, stage, first, go));
        data = await view.query(accountQuery, compact({ id: ctx.id, filter, stage }), signal);
      } else {
        view.controls.replaceChildren(form);
        data = await view.query(accountWithoutStageQuery, compact({ id: ctx.id, filter }), signal);
      }
    } else {
      data = await view.query(listQuery, compact({ filter }), signal);
    }
    const list = h('nav', { class: 'account-list', 'aria-label': 'Accounts' });
    const detail = h('div', { class: 'account-detail' });
    view.results.append(h('div', { class: 'layout-account' }, list, detail));
    renderList(list, data.accounts, ctx.id, location.search);
    if (!ctx.id) {
      detail.append(h('p', { class: 'muted', text: 'Choose an account to see its journey.' }));
      return;
    }
    if (!data.account) {
      detail.append(empty(`No account has the id “${ctx.id}”.`));
      return;
    }
    const next = stage ? (await view.query(nextBestQuery, { id: ctx.id, stage, first }, signal)).nextBestTouchpoints : null;
    await renderAccount(detail, data.account, next);
  });
  if (ctx.id) follow(view, ctx.id);
  return view;
}

// A burst of events reloads the view once it pauses for refreshQuiet ms,
// and at least every refreshMaxWait ms while it goes on.
const refreshQuiet = 300;
const refreshMaxWait = 1000;

// follow reloads the view when the account changes, marking the view
// data-live="true" while it listens and "reconnecting" or "off" (with a
// visible, announced status) while it does not.
function follow(view, id) {
  const refresh = coalesce(() => view.run(view.lastRun), refreshQuiet, refreshMaxWait);
  const states = new Map();
  const status = h('p', { class: 'live-status', role: 'status', 'aria-live': 'polite', 'data-live-status': '' });
  view.root.insertBefore(status, view.status);
  const show = () => {
    const all = [...states.values()];
    const off = all.find((s) => s.state === 'off');
    const down = all.find((s) => s.state === 'reconnecting');
    if (off) {
      view.root.setAttribute('data-live', 'off');
      status.textContent = `Live updates are off (${off.reason}): reload the page to try again.`;
    } else if (down) {
      view.root.setAttribute('data-live', 'reconnecting');
      status.textContent = `Live updates interrupted (${down.reason}): reconnecting…`;
    } else {
      view.root.setAttribute('data-live', all.every((s) => s.state === 'live') ? 'true' : 'connecting');
      status.textContent = '';
    }
  };
  const ends = [liveTouchpoints, liveStages].map((query) => subscribe(query, { id }, {
    onEvent: refresh,
    onStatus: (state, reason) => { states.set(query, { state, reason }); show(); },
  }));
  const dispose = view.dispose.bind(view);
  view.dispose = () => {
    refresh.cancel();
    ends.forEach((end) => end());
    dispose();
  };
}

// coalesce returns a trigger that runs fn (which returns a promise) once per
// burst of triggers: quietMs after the last one, or maxWaitMs after the first
// one not yet served, whichever comes first, so a steady stream of triggers
// still runs it every maxWaitMs. Runs never overlap: triggers during a run
// are served by the next one.
function coalesce(fn, quietMs, maxWaitMs) {
  let quiet = null;
  let deadline = null;
  let running = false;
  let pending = false;
  const clear = () => {
    clearTimeout(quiet);
    clearTimeout(deadline);
    quiet = deadline = null;
  };
  const fire = async () => {
    clear();
    if (running) {
      pending = true;
      return;
    }
    running = true;
    try {
      await fn();
    } finally {
      running = false;
    }
    if (pending) {
      pending = false;
      trigger();
    }
  };
  const trigger = () => {
    clearTimeout(quiet);
    quiet = setTimeout(fire, quietMs);
    if (deadline === null) deadline = setTimeout(fire, maxWaitMs);
  };
  trigger.cancel = () => {
    clear();
    pending = false;
  };
  return trigger;
}

// targetForm chooses the stage the path and the next best touchpoints lead to.
function targetForm(stages, stage, first, go) {
  const select = h('select', { id: 'account-stage', name: 'stage' },
    [...stages].sort((a, b) => a.order - b.order).map((s) => h('option', { value: s.key, selected: s.key === stage, text: s.name })));
  const count = h('input', { id: 'account-first', type: 'number', name: 'first', min: firstField.min, max: firstField.max, step: 1, value: first });
  const form = h('form', { class: 'controls', 'aria-label': 'Path and next best touchpoints' },
    h('label', { class: 'field', for: 'account-stage' }, stageField.label, select),
    h('label', { class: 'field', for: 'account-first' }, firstField.label, count),
    h('button', { type: 'submit', text: 'Show' }));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const n = count.value.trim();
    go({ stage: select.value, first: n === String(firstField.default) ? '' : n });
  });
  return form;
}

function renderList(list, accounts, currentId, search) {
  list.append(h('p', { class: 'muted', 'data-metric': 'accountsFound', text: `${formatCount(accounts.totalCount)} account${accounts.totalCount === 1 ? '' : 's'}` + (accounts.totalCount > accounts.edges.length ? `, the first ${accounts.edges.length} shown` : '') }));
  if (accounts.edges.length === 0) {
    list.append(empty('No account matches.'));
    return;
  }
  list.append(h('ul', {}, accounts.edges.map(({ node }) => h('li', {},
    h('a', {
      href: '/explore/accounts/' + encodeURIComponent(node.id) + search,
      'aria-current': node.id === currentId ? 'page' : undefined,
      'data-account': node.id,
    }, node.name, h('span', { class: 'muted', text: node.currentStage ? ` · ${node.currentStage.name}` : '' }))))));
}

async function renderAccount(detail, account, next) {
  const contacts = account.contacts.edges.map((e) => e.node);
  const contactName = (c) => [c.firstName, c.lastName].filter(Boolean).join(' ') || c.email;
  const contactById = new Map(contacts.map((c) => [c.id, c]));
  const contactOf = (t) => (t.contact && contactById.has(t.contact.id) ? contactName(contactById.get(t.contact.id)) : '–');
  detail.append(h('h2', { text: account.name }), summary([
    ['accountId', 'Id', account.id],
    ['currentStage', 'Current stage', account.currentStage ? account.currentStage.name : '–'],
    ['touchpoints', 'Touchpoints', formatCount(account.journey.totalCount)],
    ['contacts', 'Contacts', formatCount(contacts.length)],
  ]));
  const drawn = renderTimeline(detail, account, contacts, contactName, contactOf);
  if (next) {
    renderPath(detail, account, next.targetStage, contactOf);
    renderNextBest(detail, next);
  } else {
    detail.append(h('p', { class: 'muted', 'data-no-stage': 'true',
      text: 'No stage is designed in the catalog, so there is no path to a stage and no next best touchpoint.' }));
  }
  await drawn;
}

function renderTimeline(detail, account, contacts, contactName, contactOf) {
  const touchpoints = account.journey.edges.map((e) => e.node);
  if (touchpoints.length === 0) {
    detail.append(empty('This account has no touchpoint yet.'));
    return Promise.resolve();
  }
  if (account.journey.totalCount > touchpoints.length) {
    detail.append(h('p', { class: 'muted', text: `The timeline shows the first ${touchpoints.length} of ${account.journey.totalCount} touchpoints.` }));
  }
  const lanes = contacts.filter((c) => touchpoints.some((t) => t.contact && t.contact.id === c.id));
  const lane = new Map(lanes.map((c, i) => [c.id, i]));
  const laneNames = lanes.map(contactName);
  if (touchpoints.some((t) => !t.contact || !lane.has(t.contact.id))) laneNames.push('No contact');
  const laneOf = (t) => (t.contact && lane.has(t.contact.id) ? lane.get(t.contact.id) : laneNames.length - 1);

  const chart = h('div', { class: 'chart', 'data-chart': 'timeline' });
  detail.append(chart);
  const used = categoryOrder.filter((c) => touchpoints.some((t) => t.type.category === c));
  const path = account.pathTo;
  const times = touchpoints.map((t) => Date.parse(t.occurredAt));
  const stageTimes = account.stageHistory.map((s) => Date.parse(s.at));
  const start = Math.min(...times, ...stageTimes);
  const pad = Math.max((Math.max(...times, ...stageTimes) - start) * 0.05, 3600e3);
  const end = Math.max(...times, ...stageTimes) + pad;
  const bands = account.stageHistory.map((s, i) => [
    { name: s.stage.name, xAxis: s.at, itemStyle: { color: i % 2 ? 'rgba(86,180,233,0.10)' : 'rgba(230,159,0,0.10)' } },
    { xAxis: i + 1 < account.stageHistory.length ? account.stageHistory[i + 1].at : new Date(end).toISOString() },
  ]);
  const drawn = draw(chart, {
    tooltip: { trigger: 'item', formatter: (p) => escapeHTML((p.data && p.data.tooltip) || p.name) },
    legend: { top: 0, data: used.map(categoryName) },
    grid: { left: 140, right: 24, top: 56, bottom: 40 },
    xAxis: { type: 'time', min: start - pad, max: end },
    yAxis: { type: 'category', data: laneNames, inverse: true },
    series: [
      ...used.map((category, i) => ({
        name: categoryName(category),
        type: 'scatter',
        symbol: symbols[i % symbols.length],
        symbolSize: 14,
        itemStyle: { color: categoryColours[category] },
        data: touchpoints.filter((t) => t.type.category === category).map((t) => ({
          value: [t.occurredAt, laneOf(t)],
          id: t.id,
          tooltip: `${t.type.name} · ${t.source} · ${t.occurredAt}`,
        })),
      })),
      {
        name: 'Stages', type: 'scatter', data: [], silent: true,
        markArea: { silent: true, label: { show: true, position: 'insideTop', fontSize: 11, color: '#1b1f24' }, data: bands },
        // The path's end: the account's first entry into the chosen stage.
        markLine: path ? {
          silent: true, symbol: 'none', lineStyle: { color: '#000000', type: 'dashed', width: 2 },
          label: { formatter: `Reached ${path.stage.name}`, position: 'insideEndTop' },
          data: [{ name: 'Reached ' + path.stage.name, xAxis: path.reachedAt }],
        } : undefined,
      },
    ],
  });
  detail.append(table('Touchpoints, oldest first', [
    { key: 'occurredAt', label: 'When' },
    { key: 'type', label: 'Type', cell: (t) => t.type.name },
    { key: 'category', label: 'Category', cell: (t) => t.type.category },
    { key: 'source', label: 'Source' },
    { key: 'contact', label: 'Contact', cell: contactOf },
  ], touchpoints, (t) => ({ 'data-touchpoint': t.id })),
  table('Stages entered', [
    { key: 'stage', label: 'Stage', cell: (s) => s.stage.name },
    { key: 'at', label: 'When' },
  ], account.stageHistory, (s) => ({ 'data-stage': s.stage.key })));
  return drawn;
}

// renderPath shows the account's path to the chosen stage: its touchpoints
// from the first one to the first entry into the stage.
function renderPath(detail, account, stage, contactOf) {
  const section = h('section', { class: 'account-path', 'data-section': 'path', 'aria-labelledby': 'path-title' },
    h('h2', { id: 'path-title', text: `Path to ${stage.name}` }));
  detail.append(section);
  const path = account.pathTo;
  if (!path) {
    section.append(empty(`${account.name} never entered ${stage.name}.`));
    return;
  }
  section.append(summary([
    ['pathReachedAt', `Entered ${stage.name}`, path.reachedAt],
    ['pathFirstTouchAt', 'First touchpoint', path.firstTouchAt || '–'],
    ['pathElapsed', 'Time to get there', formatDuration(path.elapsedSeconds)],
    ['pathSteps', 'Touchpoints on the path', formatCount(path.stepCount)],
  ]));
  const steps = path.steps.edges.map((e) => e.node);
  if (steps.length === 0) {
    section.append(empty(`${account.name} entered ${stage.name} before any touchpoint.`));
    return;
  }
  if (path.stepCount > steps.length) {
    section.append(h('p', { class: 'muted', text: `The first ${steps.length} of ${path.stepCount} steps are listed.` }));
  }
  section.append(h('ol', { class: 'path-steps', 'aria-label': `Path to ${stage.name}, as touchpoint types` },
    steps.map((t) => h('li', { 'data-path-step': t.type.key, text: t.type.name }))),
  table(`Path to ${stage.name}, oldest first`, [
    { key: 'step', label: 'Step', num: true, cell: (t) => steps.indexOf(t) + 1 },
    { key: 'occurredAt', label: 'When' },
    { key: 'type', label: 'Type', cell: (t) => t.type.name },
    { key: 'source', label: 'Source' },
    { key: 'contact', label: 'Contact', cell: contactOf },
  ], steps, (t) => ({ 'data-path-touchpoint': t.id })));
}

const contextText = {
  LAST_TOUCHPOINT: (n) => `what journeys did right after ${n.contextTouchpointType ? n.contextTouchpointType.name : 'its last touchpoint type'}, the account’s last touchpoint type`,
  JOURNEY_START: () => 'how journeys began: the account has no touchpoint yet',
  ALL_STEPS: (n) => `every step of every journey: nothing ever followed ${n.contextTouchpointType ? n.contextTouchpointType.name : 'its last touchpoint type'}`,
};

// renderNextBest lists the touchpoint types most likely to come next, best
// first, with the department that owns each and the technologies capturing it.
function renderNextBest(detail, next) {
  const stage = next.targetStage.name;
  const section = h('section', { class: 'account-next', 'data-section': 'next-best', 'aria-labelledby': 'next-title' },
    h('h2', { id: 'next-title', text: `Next best touchpoints towards ${stage}` }),
    next.targetAlreadyReached ? h('p', { class: 'muted', 'data-already-reached': 'true', text: `The account is already at or past ${stage}; the forecast is shown anyway.` }) : null,
    h('p', { class: 'muted', 'data-context': next.context, text: `Based on ${contextText[next.context](next)}: ${formatCount(next.contextObservations)} observed step${next.contextObservations === 1 ? '' : 's'} in ${formatCount(next.referenceJourneys)} other journey${next.referenceJourneys === 1 ? '' : 's'}.` }));
  detail.append(section);
  if (next.candidates.length === 0) {
    section.append(empty(`No other journey shows a step to learn from, so there is no next best touchpoint towards ${stage}.`));
    return;
  }
  section.append(table(`Next best touchpoints towards ${stage}, best first`, [
    { key: 'type', label: 'Touchpoint type', cell: (c) => c.touchpointType.name },
    { key: 'category', label: 'Category', cell: (c) => categoryName(c.touchpointType.category) },
    { key: 'reachProbability', label: `Then reached ${stage}`, num: true, format: formatRate },
    { key: 'probability', label: 'Chance it comes next', num: true, format: formatRate },
    { key: 'observations', label: 'Steps observed', num: true, format: formatCount },
    { key: 'reached', label: `Of those, reached ${stage}`, num: true, format: formatCount },
    { key: 'owner', label: 'Owner department', cell: (c) => c.owner.name },
    { key: 'capturedBy', label: 'Captured by', cell: (c) => c.capturedBy.map((t) => t.name).join(', ') || 'no technology' },
  ], next.candidates, (c) => ({ 'data-candidate': c.touchpointType.key })));
}
