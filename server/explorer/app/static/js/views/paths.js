// Paths (/explore/paths): a Sankey of the steps around an anchor touchpoint
// type (`pathsAround`) and the most frequent paths to an outcome
// (`pathVariants`), in one operation.
import { catalog } from '../api.js';
import { categoryColours, draw } from '../chart.js';
import { controls, defaultOutcome, outcomeOptions, outcomeVariable, scopeFields, scopeVariable, value } from '../form.js';
import { empty, escapeHTML, formatCount, formatDuration, formatRate, h, summary, table } from '../ui.js';
import { compact, View } from '../view.js';

export const query = `query ExplorerPaths($anchor: String!, $outcome: OutcomeInput!, $scope: AnalysisScope, $stepsBefore: Int, $stepsAfter: Int, $collapseRepeats: Boolean, $top: Int, $maxLength: Int, $conversionWindowDays: Int) {
  pathsAround(anchor: $anchor, scope: $scope, stepsBefore: $stepsBefore, stepsAfter: $stepsAfter, collapseRepeats: $collapseRepeats) {
    journeysInScope
    journeysWithAnchor
    nodes { id position typeKey label count touchpointType { category } }
    links { source target count }
  }
  pathVariants(outcome: $outcome, scope: $scope, top: $top, collapseRepeats: $collapseRepeats, maxLength: $maxLength, conversionWindowDays: $conversionWindowDays) {
    journeysInScope
    journeysReachingOutcome
    journeysReachingOutcomeWithoutTouchpoints
    distinctVariants
    variants {
      typeKeys
      touchpointTypes { name }
      truncated
      count
      share
      journeysStartingThisWay
      conversionRate
      medianSecondsToOutcome
      p90SecondsToOutcome
    }
  }
}`;

export function mount(main, ctx) {
  const view = new View(main, 'paths', 'Paths',
    'What journeys did just before and after a touchpoint type (each journey counted once, around its first touchpoint of that type), and the most frequent paths to an outcome.');
  const scope = scopeFields();
  view.run(async (signal) => {
    const cat = await catalog(signal);
    const types = cat.touchpointTypes.map((t) => [t.key, t.name]);
    const defaultAnchor = types.some(([k]) => k === 'demo') ? 'demo' : (types[0] || [''])[0];
    const sankey = [
      { name: 'anchor', label: 'Anchor touchpoint type', type: 'select', options: types, default: defaultAnchor },
      { name: 'stepsBefore', label: 'Steps before (0–10)', type: 'number', min: 0, max: 10, default: 2 },
      { name: 'stepsAfter', label: 'Steps after (0–10)', type: 'number', min: 0, max: 10, default: 2 },
      { name: 'collapseRepeats', label: 'Count repeats in a row as one step', type: 'checkbox', default: true },
    ];
    const variantFields = [
      { name: 'outcome', label: 'Outcome', type: 'select', options: outcomeOptions(cat), default: defaultOutcome(cat) },
      { name: 'top', label: 'Variants (1–100)', type: 'number', min: 1, max: 100, default: 10 },
      { name: 'maxLength', label: 'Steps kept (1–50)', type: 'number', min: 1, max: 50, default: 8 },
      { name: 'conversionWindowDays', label: 'Conversion window (days)', type: 'number', min: 1, max: 3650 },
    ];
    view.controls.replaceChildren(controls('Paths settings', [['Scope', scope], ['Around a touchpoint', sankey], ['Paths to an outcome', variantFields]], ctx.params,
      (params) => ctx.navigate(location.pathname + (params.size ? '?' + params : ''))));
    const get = (fields, name) => value(ctx.params, fields.find((f) => f.name === name));
    const variables = compact({
      anchor: get(sankey, 'anchor'),
      outcome: outcomeVariable(get(variantFields, 'outcome')),
      scope: scopeVariable(ctx.params, scope),
      stepsBefore: ctx.params.has('stepsBefore') ? get(sankey, 'stepsBefore') : undefined,
      stepsAfter: ctx.params.has('stepsAfter') ? get(sankey, 'stepsAfter') : undefined,
      collapseRepeats: ctx.params.has('collapseRepeats') ? get(sankey, 'collapseRepeats') : undefined,
      top: ctx.params.has('top') ? get(variantFields, 'top') : undefined,
      maxLength: ctx.params.has('maxLength') ? get(variantFields, 'maxLength') : undefined,
      conversionWindowDays: get(variantFields, 'conversionWindowDays'),
    });
    const data = await view.query(query, variables, signal);
    const anchorName = (cat.touchpointTypes.find((t) => t.key === variables.anchor) || { name: variables.anchor }).name;
    await render(view.results, data, anchorName);
  });
  return view;
}

async function render(results, { pathsAround: around, pathVariants: variants }, anchorName) {
  results.append(h('h2', { text: `Around “${anchorName}”` }), summary([
    ['journeysInScope', 'Journeys in scope', formatCount(around.journeysInScope)],
    ['journeysWithAnchor', `Journeys with “${anchorName}”`, formatCount(around.journeysWithAnchor)],
  ]));
  let drawn = Promise.resolve();
  if (around.journeysWithAnchor === 0) {
    results.append(empty(`No journey in scope has a touchpoint of type “${anchorName}”.`));
  } else {
    const chart = h('div', { class: 'chart tall', 'data-chart': 'sankey' });
    results.append(chart);
    const minPosition = Math.min(...around.nodes.map((n) => n.position));
    const labels = Object.fromEntries(around.nodes.map((n) => [n.id, n.label]));
    drawn = draw(chart, {
      tooltip: {
        trigger: 'item',
        formatter: (p) => escapeHTML(p.dataType === 'edge'
          ? `${labels[p.data.source]} → ${labels[p.data.target]}: ${p.data.value} journeys`
          : `${labels[p.name]} (step ${p.data.position > 0 ? '+' : ''}${p.data.position}): ${p.value} journeys`),
      },
      series: [{
        type: 'sankey',
        left: 8, right: 140, top: 16, bottom: 16,
        nodeAlign: 'left',
        layoutIterations: 0,
        emphasis: { focus: 'adjacency' },
        lineStyle: { color: 'source', opacity: 0.35 },
        label: { formatter: (p) => `${labels[p.name]} (${p.value})` },
        data: around.nodes.map((n) => ({
          name: n.id, value: n.count, depth: n.position - minPosition, position: n.position,
          itemStyle: { color: categoryColours[n.touchpointType.category] },
        })),
        links: around.links.map((l) => ({ source: l.source, target: l.target, value: l.count })),
      }],
    });
  }

  results.append(h('h2', { text: 'Paths to the outcome' }), summary([
    ['variantJourneysInScope', 'Journeys in scope', formatCount(variants.journeysInScope)],
    ['journeysReachingOutcome', 'Reached the outcome', formatCount(variants.journeysReachingOutcome)],
    ['journeysReachingOutcomeWithoutTouchpoints', 'Reached it with no touchpoint before', formatCount(variants.journeysReachingOutcomeWithoutTouchpoints)],
    ['distinctVariants', 'Distinct paths', formatCount(variants.distinctVariants)],
  ]));
  if (variants.variants.length === 0) {
    results.append(empty('No journey in scope reached the outcome after a touchpoint.'));
  } else {
    results.append(table('Most frequent paths to the outcome', [
      { key: 'path', label: 'Path', cell: (v) => v.touchpointTypes.map((t) => t.name).join(' → ') + (v.truncated ? ' → …' : '') },
      { key: 'count', label: 'Journeys', num: true, format: formatCount },
      { key: 'share', label: 'Share', num: true, format: formatRate },
      { key: 'journeysStartingThisWay', label: 'Starting this way', num: true, format: formatCount },
      { key: 'conversionRate', label: 'Conversion', num: true, format: formatRate },
      { key: 'medianSecondsToOutcome', label: 'Median time to outcome', num: true, format: formatDuration },
      { key: 'p90SecondsToOutcome', label: '90th pct. time', num: true, format: formatDuration },
    ], variants.variants, (v) => ({ 'data-variant': v.typeKeys.join('>') })));
  }
  await drawn;
}
