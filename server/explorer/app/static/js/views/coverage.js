// Coverage (/explore/coverage): how well the martech stack captures the
// designed journey — a stage × category heatmap (`coverageMatrix`), the gap
// analysis (`coverageGaps`), vendor coverage and perception gaps — and a
// what-if panel that retires and adds technologies (`whatIf`, read-only:
// nothing is written). Its one edit of the blueprint marks or unmarks a
// system of record (`setSystemOfRecord`, which needs an ADMIN key).
import { catalog } from '../api.js';
import { draw } from '../chart.js';
import { controls, value } from '../form.js';
import { categoryName, empty, escapeHTML, formatCount, formatNumber, h, summary, table } from '../ui.js';
import { compact, View } from '../view.js';

const cellFields = `cells { stage { key name order } category technology { key name } touchpointTypes { key name } count }`;
const gapFields = `systemsOfRecord { key name }
    uncapturedTypes { type { key name } expectedAt { name } }
    stagesWithoutTechnology { key name }
    overlaps { type { key name } technologies { name } vendors { name } }
    retirementCandidates { key name }
    silos { technology { key name } strandedTouchpointTypes { name } }
    friction { field { key name } touchpointTypes { name } }
    silentTechnologies { technology { key name } silentTouchpointTypes { name } completelySilent }
    unmappedSources { source type { key name } touchpoints }`;
const summaryFields = 'technologies vendors capturedTouchpointTypes uncapturedTouchpointTypes stagesWithoutTechnology overlappingTouchpointTypes silos strandedTouchpointTypes';

export const query = `query ExplorerCoverage($window: ObservationWindow, $runWhatIf: Boolean!, $retire: [String!], $add: [WhatIfTechnologyInput!]) {
  coverageMatrix { ${cellFields} }
  coverageGaps(window: $window) {
    ${gapFields}
  }
  vendorCoverage {
    vendor { key name }
    technologies { name }
    touchpointTypes { name }
    exclusiveTouchpointTypes { name }
    categories
    stages { name }
  }
  perceptionGaps {
    importance { type { key name } internal customer gap }
    performance { type { key name } internal customer gap }
    weakMomentsOfTruth { stage { key name } type { key name } momentOfTruth performance { internal customer } }
  }
  whatIf(retire: $retire, add: $add, window: $window) @include(if: $runWhatIf) {
    before { ${summaryFields} }
    after { ${summaryFields} }
    matrix { ${cellFields} }
    newlyCaptured { key name }
    newlyUncaptured { key name }
  }
}`;

const categories = ['MARKETING', 'SALES', 'FINANCE', 'PRODUCT', 'SUPPORT', 'SOCIAL'];
const technologyCategories = ['CRM', 'MARKETING_AUTOMATION', 'EMAIL_SERVICE', 'WEBINAR', 'ERP_FINANCE', 'SUPPORT_DESK', 'CDP',
  'SOCIAL_MANAGEMENT', 'PRODUCT_ANALYTICS', 'SURVEY', 'ADVERTISING', 'E_SIGNATURE', 'CONVERSATION_INTELLIGENCE',
  'EVENT_MANAGEMENT', 'REVIEW_PLATFORM', 'OTHER'];

// The technologies query is asked on every load for the what-if controls
// and the system-of-record editor, with the key's role (only ADMIN may edit).
const technologiesQuery = 'query ExplorerTechnologies { viewer { role } technologies { key name systemOfRecord } }';

export const setSystemOfRecordMutation = `mutation ExplorerSetSystemOfRecord($technology: String!, $systemOfRecord: Boolean!) {
  setSystemOfRecord(technology: $technology, systemOfRecord: $systemOfRecord) { key name systemOfRecord }
}`;

export function mount(main, ctx) {
  const view = new View(main, 'coverage', 'Coverage',
    'How well the technology stack captures the designed journey: which expected touchpoints each stage’s technologies capture, the gaps, each vendor’s share, where internal and customer ratings differ — and what would change if technologies were retired or added (nothing is written).');
  // What the last edit saved ({key, message}), shown once the view has drawn again.
  let saved = null;
  const load = async (signal) => {
    const [cat, { viewer, technologies }] = await Promise.all([catalog(signal), view.query(technologiesQuery, {}, signal)]);
    const windowFields = [
      { name: 'from', label: 'From', type: 'date' },
      { name: 'to', label: 'To (before)', type: 'date' },
    ];
    const retireField = { name: 'retire', label: 'Retire', type: 'multi', options: technologies.map((t) => [t.key, t.name]) };
    const addFields = [
      { name: 'addKey', label: 'Key', type: 'text', placeholder: 'e.g. gong' },
      { name: 'addName', label: 'Name', type: 'text', placeholder: 'e.g. Gong' },
      { name: 'addCategory', label: 'Kind', type: 'select', options: technologyCategories.map((c) => [c, categoryName(c).replaceAll('_', ' ')]), default: 'OTHER' },
      { name: 'addVendor', label: 'Vendor key', type: 'text', placeholder: 'e.g. gong' },
      { name: 'addVendorName', label: 'Vendor name (new vendor)', type: 'text' },
      { name: 'addSystemOfRecord', label: 'System of record', type: 'checkbox', default: false },
      { name: 'addCaptures', label: 'Would capture', type: 'multi', options: cat.touchpointTypes.map((t) => [t.key, t.name]) },
      { name: 'addStages', label: 'Used at', type: 'multi', options: cat.stages.map((s) => [s.key, s.name]) },
      { name: 'addIntegratesWith', label: 'Sends its data to', type: 'multi', options: technologies.map((t) => [t.key, t.name]) },
      { name: 'addFlowFields', label: 'Data fields it sends', type: 'list', placeholder: 'e.g. email' },
    ];
    view.controls.replaceChildren(controls('Coverage settings',
      [['Observation window (silent technologies, unmapped sources)', windowFields], ['What if: retire', [retireField]], ['What if: add a technology', addFields]],
      ctx.params, (params) => ctx.navigate(location.pathname + (params.size ? '?' + params : ''))));
    const get = (f) => value(ctx.params, f);
    const from = get(windowFields[0]);
    const to = get(windowFields[1]);
    const window = from || to ? compact({ from: from && from + 'T00:00:00Z', to: to && to + 'T00:00:00Z' }) : undefined;
    const retire = get(retireField);
    const add = addedTechnology(Object.fromEntries(addFields.map((f) => [f.name, get(f)])));
    const variables = compact({ window, runWhatIf: retire.length > 0 || add !== undefined, retire, add: add && [add] });
    const data = await view.query(query, variables, signal);
    const editor = systemOfRecordEditor(view, technologies, viewer.role, saved, (edit) => {
      saved = edit;
      view.run(load);
    });
    saved = null;
    await render(view.results, data, cat.stages, editor);
  };
  view.run(load);
  return view;
}

// systemOfRecordEditor marks or unmarks a technology as a system of record
// (silos are technologies without an integration path to one). Its controls
// are disabled unless the key's role is ADMIN; the API refuses the edit to
// any other key anyway, and the form then shows the API's code and message.
function systemOfRecordEditor(view, technologies, role, saved, onSaved) {
  if (technologies.length === 0) return empty('The stack has no technology to edit yet.');
  const byKey = new Map(technologies.map((t) => [t.key, t]));
  const select = h('select', { id: 'sor-technology', name: 'technology' },
    technologies.map((t) => h('option', { value: t.key, selected: saved && saved.key === t.key, text: t.name + (t.systemOfRecord ? ' (system of record)' : '') })));
  const flag = h('input', { id: 'sor-flag', type: 'checkbox', name: 'systemOfRecord' });
  const sync = () => { flag.checked = Boolean(byKey.get(select.value) && byKey.get(select.value).systemOfRecord); };
  select.addEventListener('change', sync);
  sync();
  const button = h('button', { type: 'submit', text: 'Save' });
  const result = h('div', { class: 'edit-result', role: 'status', 'aria-live': 'polite' },
    saved ? h('p', { 'data-edit-saved': 'true', text: saved.message }) : null);
  const mayEdit = role === 'ADMIN';
  const form = h('form', { class: 'controls edit', 'aria-label': 'Systems of record', 'data-edit': 'system-of-record', 'data-role': role },
    h('fieldset', { disabled: !mayEdit },
      h('legend', { text: 'Mark or unmark a system of record' }),
      h('label', { class: 'field', for: 'sor-technology' }, 'Technology', select),
      h('label', { class: 'check', for: 'sor-flag' }, flag, 'System of record'),
      button),
    h('p', { class: 'muted', 'data-edit-note': 'true', text: mayEdit
      ? 'Saving changes the blueprint (your API key’s role is ADMIN).'
      : `Read-only: your API key’s role is ${role}; changing the blueprint needs ADMIN.` }),
    result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const technology = byKey.get(select.value);
    if (!technology) return;
    button.disabled = true;
    form.setAttribute('aria-busy', 'true');
    form.removeAttribute('data-edit-error');
    result.replaceChildren('Saving…');
    try {
      const { setSystemOfRecord: t } = await view.query(setSystemOfRecordMutation, { technology: technology.key, systemOfRecord: flag.checked });
      onSaved({ key: t.key, message: `Saved: ${t.name} is ${t.systemOfRecord ? 'now' : 'no longer'} a system of record.` });
    } catch (err) {
      const code = err.code || 'CLIENT_ERROR';
      form.setAttribute('data-edit-error', code);
      result.replaceChildren(h('div', { class: 'error', role: 'alert' },
        h('p', {}, 'The API refused the change: ', h('code', { 'data-error-code': code, text: code })),
        h('p', { 'data-error-message': '', text: err.message }),
        h('p', { text: 'Nothing was changed.' })));
    } finally {
      button.disabled = false;
      form.removeAttribute('aria-busy');
    }
  });
  return form;
}

// addedTechnology is the what-if's added technology, or undefined when its
// key is not filled in.
function addedTechnology(f) {
  if (!f.addKey) return undefined;
  return compact({
    key: f.addKey, name: f.addName || f.addKey, category: f.addCategory, vendor: f.addVendor || f.addKey,
    vendorName: f.addVendorName, systemOfRecord: f.addSystemOfRecord || undefined,
    captures: f.addCaptures, stages: f.addStages,
    integratesWith: f.addIntegratesWith.map((technology) => ({ technology, fields: f.addFlowFields })),
  });
}

async function render(results, data, stages, editor) {
  const gaps = data.coverageGaps;
  const charts = [];
  if (data.whatIf) charts.push(renderWhatIf(results, data.whatIf, stages));

  results.append(h('h2', { text: 'Stage × category: expected touchpoints captured' }),
    h('p', { class: 'muted', text: 'Each cell: expected touchpoint types captured by at least one technology / expected. The darker, the more is captured; blank cells expect nothing.' }));
  if (data.coverageMatrix.cells.length === 0) {
    results.append(empty('No stage expects a touchpoint yet: design the journey (expectTouchpoints) to see coverage.'));
  } else {
    charts.push(matrix(results, data.coverageMatrix, stages, 'coverage'));
  }

  results.append(h('h2', { text: 'Gaps' }), summary([
    ['systemsOfRecord', 'Systems of record', gaps.systemsOfRecord.map((t) => t.name).join(', ') || 'none'],
    ['uncapturedTypes', 'Uncaptured types', formatCount(gaps.uncapturedTypes.length)],
    ['stagesWithoutTechnology', 'Stages without technology', formatCount(gaps.stagesWithoutTechnology.length)],
    ['silos', 'Silos', formatCount(gaps.silos.length)],
  ]));
  const names = (list) => list.map((x) => x.name).join(', ');
  results.append(h('div', { class: 'gap-grid' },
    gapList('Touchpoint types no technology captures', 'uncaptured', gaps.uncapturedTypes, (g) => g.type.key,
      (g) => `${g.type.name} — expected at ${names(g.expectedAt) || 'no stage'}`),
    gapList('Stages without technology', 'stage', gaps.stagesWithoutTechnology, (s) => s.key, (s) => s.name),
    gapList('Silos (no integration path to a system of record)', 'silo', gaps.silos, (s) => s.technology.key,
      (s) => `${s.technology.name} — stranded: ${names(s.strandedTouchpointTypes) || 'nothing'}`),
    gapList('Friction (customer asked more than once)', 'friction', gaps.friction, (f) => f.field.key,
      (f) => `${f.field.name} — asked at ${names(f.touchpointTypes)}`),
    gapList('Overlaps (captured by two or more technologies)', 'overlap', gaps.overlaps, (o) => o.type.key,
      (o) => `${o.type.name} — ${names(o.technologies)} (${names(o.vendors)})`),
    gapList('Retirement candidates', 'retire', gaps.retirementCandidates, (t) => t.key, (t) => t.name),
    gapList('Silent technologies (sent nothing of a mapped type)', 'silent', gaps.silentTechnologies, (s) => s.technology.key,
      (s) => `${s.technology.name} — ${names(s.silentTouchpointTypes)}${s.completelySilent ? ' (completely silent)' : ''}`),
    gapList('Unmapped sources', 'unmapped', gaps.unmappedSources, (u) => u.source + '>' + u.type.key,
      (u) => `${u.source} — ${u.type.name}: ${formatCount(u.touchpoints)} touchpoint${u.touchpoints === 1 ? '' : 's'}`)));
  results.append(h('h2', { text: 'Edit the stack: systems of record' }), editor);

  results.append(h('h2', { text: 'Vendor coverage' }));
  if (data.vendorCoverage.length === 0) results.append(empty('The stack has no technology yet.'));
  else {
    results.append(table('What each vendor’s products cover', [
      { key: 'vendor', label: 'Vendor', cell: (v) => v.vendor.name },
      { key: 'technologies', label: 'Technologies', cell: (v) => names(v.technologies) },
      { key: 'touchpointTypes', label: 'Captures', cell: (v) => names(v.touchpointTypes) },
      { key: 'exclusive', label: 'Only this vendor captures', cell: (v) => names(v.exclusiveTouchpointTypes) || '–' },
      { key: 'categories', label: 'Categories', cell: (v) => v.categories.map(categoryName).join(', ') },
      { key: 'stages', label: 'Stages', cell: (v) => names(v.stages) || '–' },
    ], data.vendorCoverage, (v) => ({ 'data-vendor': v.vendor.key })));
  }

  const perception = data.perceptionGaps;
  results.append(h('h2', { text: 'Perception gaps (internal − customer rating)' }));
  const ratingColumns = [
    { key: 'type', label: 'Touchpoint type', cell: (r) => r.type.name },
    { key: 'internal', label: 'Internal', num: true, format: formatNumber },
    { key: 'customer', label: 'Customer', num: true, format: formatNumber },
    { key: 'gap', label: 'Gap', num: true, format: formatNumber },
  ];
  for (const [field, caption] of [['importance', 'Importance'], ['performance', 'Performance']]) {
    results.append(perception[field].length === 0
      ? empty(`No touchpoint has both ${field} ratings.`)
      : table(`${caption}, largest difference first`, ratingColumns, perception[field], (r) => ({ [`data-${field}`]: r.type.key })));
  }
  results.append(perception.weakMomentsOfTruth.length === 0
    ? empty('No moment of truth is rated poorly by customers.')
    : table('Moments of truth customers rate poorly', [
      { key: 'stage', label: 'Stage', cell: (m) => m.stage.name },
      { key: 'type', label: 'Touchpoint type', cell: (m) => m.type.name },
      { key: 'momentOfTruth', label: 'Why it matters' },
      { key: 'customer', label: 'Customer performance', num: true, cell: (m) => m.performance.customer, format: formatNumber },
    ], perception.weakMomentsOfTruth, (m) => ({ 'data-weak': m.stage.key + '>' + m.type.key })));
  await Promise.all(charts);
}

const summaryRows = [
  ['technologies', 'Technologies'], ['vendors', 'Vendors'], ['capturedTouchpointTypes', 'Captured touchpoint types'],
  ['uncapturedTouchpointTypes', 'Uncaptured touchpoint types'], ['stagesWithoutTechnology', 'Stages without technology'],
  ['overlappingTouchpointTypes', 'Overlapping touchpoint types'], ['silos', 'Silos'], ['strandedTouchpointTypes', 'Stranded touchpoint types'],
];

function renderWhatIf(results, whatIf, stages) {
  const names = (list) => list.map((t) => t.name).join(', ') || 'none';
  results.append(h('section', { class: 'whatif', 'aria-labelledby': 'whatif-title' },
    h('h2', { id: 'whatif-title', text: 'What if: coverage before and after (nothing was written)' }),
    table('Coverage before and after the change', [
      { key: 'label', label: 'Figure', cell: (r) => r[1] },
      { key: 'before', label: 'Before', num: true, cell: (r) => whatIf.before[r[0]], format: formatCount },
      { key: 'after', label: 'After', num: true, cell: (r) => whatIf.after[r[0]], format: formatCount },
    ], summaryRows, (r) => ({ 'data-whatif': r[0] })),
    h('p', {}, 'Newly captured: ', h('span', { 'data-newly': 'captured', text: names(whatIf.newlyCaptured) })),
    h('p', {}, 'Newly uncaptured: ', h('span', { 'data-newly': 'uncaptured', text: names(whatIf.newlyUncaptured) })),
    h('h3', { text: 'Stage × category after the change' })));
  const section = results.lastChild;
  if (whatIf.matrix.cells.length === 0) {
    section.append(empty('After the change, no stage expects a touchpoint.'));
    return Promise.resolve();
  }
  return matrix(section, whatIf.matrix, stages, 'coverage-after');
}

// matrix draws the stage × category heatmap of a coverage matrix and lists
// its cells (per technology) in a table below.
function matrix(parent, m, allStages, name) {
  const cells = new Map();
  for (const c of m.cells) {
    const key = c.stage.key + '|' + c.category;
    if (!cells.has(key)) cells.set(key, { expected: new Set(), captured: new Set() });
    const entry = cells.get(key);
    for (const t of c.touchpointTypes) {
      entry.expected.add(t.key);
      if (c.technology) entry.captured.add(t.key);
    }
  }
  const stageKeys = new Set(m.cells.map((c) => c.stage.key));
  const stages = [...allStages].sort((a, b) => a.order - b.order).filter((s) => stageKeys.has(s.key));
  const used = categories.filter((c) => m.cells.some((x) => x.category === c));
  const chart = h('div', { class: 'chart', 'data-chart': name });
  parent.append(chart, table('Coverage cells: expected touchpoint types per stage, category and technology', [
    { key: 'stage', label: 'Stage', cell: (c) => c.stage.name },
    { key: 'category', label: 'Category', cell: (c) => categoryName(c.category) },
    { key: 'technology', label: 'Technology', cell: (c) => (c.technology ? c.technology.name : 'none (uncaptured)') },
    { key: 'types', label: 'Touchpoint types', cell: (c) => c.touchpointTypes.map((t) => t.name).join(', ') },
    { key: 'count', label: 'Count', num: true, format: formatCount },
  ], m.cells, (c) => ({ [`data-${name}-cell`]: `${c.stage.key}|${c.category}|${c.technology ? c.technology.key : ''}` })));
  const data = [];
  stages.forEach((s, y) => used.forEach((c, x) => {
    const entry = cells.get(s.key + '|' + c);
    if (entry) {
      data.push({ value: [x, y, entry.captured.size / entry.expected.size], captured: entry.captured.size, expected: entry.expected.size, stage: s.key, category: c });
    }
  }));
  return draw(chart, {
    tooltip: { formatter: (p) => escapeHTML(`${stages[p.data.value[1]].name}, ${categoryName(used[p.data.value[0]])}: ${p.data.captured} of ${p.data.expected} expected types captured`) },
    grid: { left: 160, right: 24, top: 16, bottom: 80 },
    xAxis: { type: 'category', data: used.map(categoryName), splitArea: { show: true } },
    yAxis: { type: 'category', data: stages.map((s) => s.name), inverse: true, splitArea: { show: true } },
    // Light orange (nothing captured) to dark blue (all captured): a
    // sequential scale readable with every common colour-vision deficiency;
    // the labels carry the numbers anyway.
    visualMap: { min: 0, max: 1, calculable: false, orient: 'horizontal', left: 'center', bottom: 8, text: ['all captured', 'none captured'], inRange: { color: ['#fbe3c4', '#56B4E9', '#0072B2'] } },
    series: [{
      type: 'heatmap', data,
      label: { show: true, formatter: (p) => `${p.data.captured}/${p.data.expected}` },
      itemStyle: { borderColor: '#ffffff', borderWidth: 2 },
    }],
  });
}

// gapList is one kind of gap as a titled list; empty says there is none.
function gapList(title, kind, items, key, describe) {
  return h('section', { class: 'gap', 'aria-label': title }, h('h3', { text: `${title} (${items.length})` }),
    items.length === 0
      ? h('p', { class: 'muted', 'data-gap-none': kind, text: 'None.' })
      : h('ul', {}, items.map((item) => h('li', { 'data-gap': kind, 'data-key': key(item), text: describe(item) }))));
}
