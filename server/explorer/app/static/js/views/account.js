// Accounts (/explore/accounts, /explore/accounts/{id}): a searchable account
// list, and one account's journey as a timeline: contacts as lanes, its stages
// as bands behind, each touchpoint with its type and source.
import { draw, categoryColours, symbols } from '../chart.js';
import { empty, formatCount, h, summary, table } from '../ui.js';
import { subscribe } from '../api.js';
import { compact, View } from '../view.js';

const listFields = `accounts(filter: $filter, first: 50) {
    totalCount
    edges { node { id name segment currentStage { name } } }
  }`;

export const listQuery = `query ExplorerAccounts($filter: AccountFilter) {
  ${listFields}
}`;

export const accountQuery = `query ExplorerAccount($id: ID!, $filter: AccountFilter) {
  ${listFields}
  account(id: $id) {
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
      edges { node { id source occurredAt type { key name category } contact { id } } }
    }
  }
}`;

// What makes an open account's view reload: a touchpoint recorded for it or
// a stage it entered, through any replica or import.
const liveTouchpoints = `subscription ExplorerAccountTouchpoints($id: ID!) {
  touchpointRecorded(filter: { accountIds: [$id] }) { cursor }
}`;
const liveStages = `subscription ExplorerAccountStages($id: ID!) {
  stageChanged(filter: { accountIds: [$id] }) { cursor }
}`;

const categoryOrder = ['MARKETING', 'SALES', 'FINANCE', 'PRODUCT', 'SUPPORT', 'SOCIAL'];

export function mount(main, ctx) {
  const view = new View(main, 'account', ctx.id ? 'Account journey' : 'Accounts',
    "Find an account by name, then see its journey: every touchpoint by contact over time, with the stages it went through behind.");
  const q = ctx.params.get('q') || '';
  const search = h('input', { id: 'account-search', type: 'search', name: 'q', value: q, placeholder: 'e.g. Acme' });
  const form = h('form', { class: 'controls', role: 'search', 'aria-label': 'Search accounts' },
    h('label', { class: 'field', for: 'account-search' }, 'Account name contains', search),
    h('button', { type: 'submit', text: 'Search' }));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const params = new URLSearchParams();
    if (search.value.trim()) params.set('q', search.value.trim());
    ctx.navigate(location.pathname + (params.size ? '?' + params : ''));
  });
  view.controls.replaceChildren(form);
  view.run(async (signal) => {
    const filter = q ? { nameContains: q } : undefined;
    const data = ctx.id
      ? await view.query(accountQuery, compact({ id: ctx.id, filter }), signal)
      : await view.query(listQuery, compact({ filter }), signal);
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
    await renderAccount(detail, data.account);
  });
  if (ctx.id) follow(view, ctx.id);
  return view;
}

// follow reloads the view when the account changes (once per burst of
// events), marking the view data-live="true" while it listens.
function follow(view, id) {
  let pending = null;
  const reload = () => {
    clearTimeout(pending);
    pending = setTimeout(() => view.run(view.lastRun), 300);
  };
  const ends = [subscribe(liveTouchpoints, { id }, reload), subscribe(liveStages, { id }, reload)];
  view.root.setAttribute('data-live', 'true');
  const dispose = view.dispose.bind(view);
  view.dispose = () => {
    clearTimeout(pending);
    ends.forEach((end) => end());
    dispose();
  };
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

async function renderAccount(detail, account) {
  const contacts = account.contacts.edges.map((e) => e.node);
  const touchpoints = account.journey.edges.map((e) => e.node);
  detail.append(h('h2', { text: account.name }), summary([
    ['accountId', 'Id', account.id],
    ['currentStage', 'Current stage', account.currentStage ? account.currentStage.name : '–'],
    ['touchpoints', 'Touchpoints', formatCount(account.journey.totalCount)],
    ['contacts', 'Contacts', formatCount(contacts.length)],
  ]));
  if (touchpoints.length === 0) {
    detail.append(empty('This account has no touchpoint yet.'));
    return;
  }
  if (account.journey.totalCount > touchpoints.length) {
    detail.append(h('p', { class: 'muted', text: `The timeline shows the first ${touchpoints.length} of ${account.journey.totalCount} touchpoints.` }));
  }
  const contactName = (c) => [c.firstName, c.lastName].filter(Boolean).join(' ') || c.email;
  const lanes = contacts.filter((c) => touchpoints.some((t) => t.contact && t.contact.id === c.id));
  const lane = new Map(lanes.map((c, i) => [c.id, i]));
  const laneNames = lanes.map(contactName);
  if (touchpoints.some((t) => !t.contact || !lane.has(t.contact.id))) laneNames.push('No contact');
  const laneOf = (t) => (t.contact && lane.has(t.contact.id) ? lane.get(t.contact.id) : laneNames.length - 1);

  const chart = h('div', { class: 'chart', 'data-chart': 'timeline' });
  detail.append(chart);
  const used = categoryOrder.filter((c) => touchpoints.some((t) => t.type.category === c));
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
    tooltip: { trigger: 'item', formatter: (p) => (p.data && p.data.tooltip) || p.name },
    legend: { top: 0, data: used.map((c) => c[0] + c.slice(1).toLowerCase()) },
    grid: { left: 140, right: 24, top: 56, bottom: 40 },
    xAxis: { type: 'time', min: start - pad, max: end },
    yAxis: { type: 'category', data: laneNames, inverse: true },
    series: [
      ...used.map((category, i) => ({
        name: category[0] + category.slice(1).toLowerCase(),
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
      },
    ],
  });
  const contactById = new Map(contacts.map((c) => [c.id, c]));
  detail.append(table('Touchpoints, oldest first', [
    { key: 'occurredAt', label: 'When' },
    { key: 'type', label: 'Type', cell: (t) => t.type.name },
    { key: 'category', label: 'Category', cell: (t) => t.type.category },
    { key: 'source', label: 'Source' },
    { key: 'contact', label: 'Contact', cell: (t) => (t.contact && contactById.has(t.contact.id) ? contactName(contactById.get(t.contact.id)) : '–') },
  ], touchpoints, (t) => ({ 'data-touchpoint': t.id })),
  table('Stages entered', [
    { key: 'stage', label: 'Stage', cell: (s) => s.stage.name },
    { key: 'at', label: 'When' },
  ], account.stageHistory, (s) => ({ 'data-stage': s.stage.key })));
  await drawn;
}
