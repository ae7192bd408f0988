// Linkages (/explore/linkages): the directly-follows graph of touchpoint
// types (`linkages`) with lift toward an optional outcome, and the handoffs
// between departments (`departmentHandoffs`), in one operation.
import { catalog } from '../api.js';
import { categoryColours, draw, symbols } from '../chart.js';
import { controls, outcomeOptions, outcomeVariable, scopeFields, scopeVariable, value } from '../form.js';
import { categoryName, empty, escapeHTML, formatCount, formatDuration, formatNumber, formatRate, h, summary, table } from '../ui.js';
import { compact, View } from '../view.js';

export const query = `query ExplorerLinkages($scope: AnalysisScope, $outcome: OutcomeInput, $conversionWindowDays: Int, $minCount: Int, $top: Int) {
  linkages(scope: $scope, outcome: $outcome, conversionWindowDays: $conversionWindowDays, minCount: $minCount, top: $top) {
    journeysInScope
    transitions
    distinctLinks
    journeysReachingOutcome
    links {
      fromTypeKey
      toTypeKey
      from { name category }
      to { name category }
      count
      share
      medianGapSeconds
      p90GapSeconds
      journeysWithLink
      conversionRateWith
      conversionRateWithout
      lift
    }
  }
  departmentHandoffs(scope: $scope, outcome: $outcome, conversionWindowDays: $conversionWindowDays, minCount: $minCount) {
    journeysInScope
    handoffs
    pairs {
      fromDepartmentKey
      toDepartmentKey
      fromDepartment { name }
      toDepartment { name }
      count
      journeysWithHandoff
      medianLatencySeconds
      p90LatencySeconds
      dropOffJourneys
      dropOffRate
    }
  }
}`;

const categories = ['SALES', 'FINANCE', 'SOCIAL', 'MARKETING', 'SUPPORT', 'PRODUCT'];

export function mount(main, ctx) {
  const view = new View(main, 'linkages', 'Linkages',
    'How often a touchpoint of one type is directly followed by one of another in the same journey; with an outcome, whether journeys with the link convert more often (lift). Below, the handoffs between departments.');
  const scope = scopeFields();
  view.run(async (signal) => {
    const cat = await catalog(signal);
    const own = [
      { name: 'outcome', label: 'Outcome (for lift)', type: 'select', options: outcomeOptions(cat, '(none)') },
      { name: 'conversionWindowDays', label: 'Conversion window (days)', type: 'number', min: 1, max: 3650 },
      { name: 'minCount', label: 'Minimum count', type: 'number', min: 1, default: 1 },
      { name: 'top', label: 'Links (1–1000)', type: 'number', min: 1, max: 1000, default: 50 },
    ];
    view.controls.replaceChildren(controls('Linkages settings', [['Scope', scope], ['Links', own]], ctx.params,
      (params) => ctx.navigate(location.pathname + (params.size ? '?' + params : ''))));
    const get = (name) => value(ctx.params, own.find((f) => f.name === name));
    const variables = compact({
      scope: scopeVariable(ctx.params, scope),
      outcome: outcomeVariable(get('outcome')),
      conversionWindowDays: get('conversionWindowDays'),
      minCount: ctx.params.has('minCount') ? get('minCount') : undefined,
      top: ctx.params.has('top') ? get('top') : undefined,
    });
    const data = await view.query(query, variables, signal);
    await render(view.results, data, Boolean(variables.outcome));
  });
  return view;
}

async function render(results, { linkages, departmentHandoffs: handoffs }, withOutcome) {
  results.append(summary([
    ['journeysInScope', 'Journeys in scope', formatCount(linkages.journeysInScope)],
    ['transitions', 'Transitions', formatCount(linkages.transitions)],
    ['distinctLinks', 'Distinct links', formatCount(linkages.distinctLinks)],
    withOutcome && ['journeysReachingOutcome', 'Reached the outcome', formatCount(linkages.journeysReachingOutcome)],
  ].filter(Boolean)));
  let drawn = Promise.resolve();
  if (linkages.links.length === 0) {
    results.append(empty('No touchpoint in scope is followed by another.'));
  } else {
    const chart = h('div', { class: 'chart tall', 'data-chart': 'linkages' });
    results.append(chart);
    drawn = draw(chart, graphOption(linkages.links));
    const columns = [
      { key: 'from', label: 'From', cell: (l) => l.from.name },
      { key: 'to', label: 'To', cell: (l) => l.to.name },
      { key: 'count', label: 'Count', num: true, format: formatCount },
      { key: 'share', label: 'Share of from', num: true, format: formatRate },
      { key: 'medianGapSeconds', label: 'Median gap', num: true, format: formatDuration },
      { key: 'p90GapSeconds', label: '90th pct. gap', num: true, format: formatDuration },
    ];
    if (withOutcome) {
      columns.push(
        { key: 'journeysWithLink', label: 'Journeys with link', num: true, format: formatCount },
        { key: 'conversionRateWith', label: 'Conversion with', num: true, format: formatRate },
        { key: 'conversionRateWithout', label: 'Conversion without', num: true, format: formatRate },
        { key: 'lift', label: 'Lift', num: true, format: formatNumber });
    }
    results.append(table('Links, most frequent first', columns, linkages.links, (l) => ({ 'data-link': l.fromTypeKey + '>' + l.toTypeKey })));
  }

  results.append(h('h2', { text: 'Department handoffs' }), summary([['handoffs', 'Handoffs', formatCount(handoffs.handoffs)]]));
  if (handoffs.pairs.length === 0) {
    results.append(empty('No link in scope goes from one department to another.'));
  } else {
    results.append(table('Handoffs per department pair', [
      { key: 'from', label: 'From', cell: (p) => p.fromDepartment.name },
      { key: 'to', label: 'To', cell: (p) => p.toDepartment.name },
      { key: 'count', label: 'Handoffs', num: true, format: formatCount },
      { key: 'journeysWithHandoff', label: 'Journeys', num: true, format: formatCount },
      { key: 'medianLatencySeconds', label: 'Median latency', num: true, format: formatDuration },
      { key: 'p90LatencySeconds', label: '90th pct. latency', num: true, format: formatDuration },
      { key: 'dropOffJourneys', label: 'Dropped off after', num: true, format: formatCount },
      { key: 'dropOffRate', label: 'Drop-off rate', num: true, format: formatRate },
    ], handoffs.pairs, (p) => ({ 'data-handoff': p.fromDepartmentKey + '>' + p.toDepartmentKey })));
  }
  await drawn;
}

// graphOption draws the directly-follows graph on a circle: a node per type
// (shape and colour by category), an arrow per link, wider when more frequent.
function graphOption(links) {
  const nodes = new Map();
  for (const l of links) {
    nodes.set(l.fromTypeKey, l.from);
    nodes.set(l.toTypeKey, l.to);
  }
  const used = categories.filter((c) => [...nodes.values()].some((t) => t.category === c));
  const max = Math.max(...links.map((l) => l.count));
  return {
    tooltip: { trigger: 'item' },
    legend: { data: used.map(categoryName), top: 0 },
    series: [{
      type: 'graph',
      layout: 'circular',
      circular: { rotateLabel: false },
      top: 48, bottom: 32, left: 120, right: 120,
      roam: false,
      label: { show: true, position: 'right' },
      edgeSymbol: ['none', 'arrow'],
      edgeSymbolSize: 9,
      autoCurveness: true,
      categories: used.map((c, i) => ({ name: categoryName(c), symbol: symbols[i % symbols.length], itemStyle: { color: categoryColours[c] } })),
      data: [...nodes].map(([key, t]) => ({ id: key, name: t.name, category: used.indexOf(t.category), symbolSize: 18 })),
      links: links.map((l) => ({
        source: l.fromTypeKey, target: l.toTypeKey, value: l.count,
        lineStyle: { width: 1 + 5 * (l.count / max), opacity: 0.7, color: 'source' },
        tooltip: { formatter: () => escapeHTML(`${l.from.name} → ${l.to.name}: ${l.count}`) },
      })),
    }],
  };
}
