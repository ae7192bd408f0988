// Attribution (/explore/attribution): every attribution model side by side per
// touchpoint type (a grouped bar chart and a table), rolled up per category and
// channel, and the Markov model's removal effects (query `attribution`).
import { catalog } from '../api.js';
import { draw } from '../chart.js';
import { controls, defaultOutcome, outcomeOptions, outcomeVariable, scopeFields, scopeVariable, value } from '../form.js';
import { categoryName, empty, formatCount, formatNumber, formatRate, h, summary, table } from '../ui.js';
import { compact, View } from '../view.js';

export const query = `query ExplorerAttribution($conversion: OutcomeInput!, $models: [AttributionModel!], $weight: AttributionWeight, $lookbackDays: Float, $halfLifeDays: Float, $leadStage: String, $opportunityStage: String, $scope: AnalysisScope) {
  attribution(conversion: $conversion, models: $models, weight: $weight, lookbackDays: $lookbackDays, halfLifeDays: $halfLifeDays, leadStage: $leadStage, opportunityStage: $opportunityStage, scope: $scope) {
    weight
    journeys
    conversions
    unattributedConversions
    conversionsWithoutValue
    value
    totalCredit
    models {
      model
      credits { touchpointType { key name category channel { name } } credit share }
      categories { category credit share }
      channels { channel { key name } credit share }
      markov {
        conversionProbability
        journeys
        removalEffects { touchpointType { key name } removalEffect conversionProbabilityWithout }
      }
    }
  }
}`;

const models = [
  ['FIRST_TOUCH', 'First touch'], ['LAST_TOUCH', 'Last touch'], ['LINEAR', 'Linear'], ['TIME_DECAY', 'Time decay'],
  ['POSITION_BASED', 'Position-based (U)'], ['W_SHAPED', 'W-shaped'], ['MARKOV', 'Markov (data-driven)'],
];
const modelNames = Object.fromEntries(models);

export function mount(main, ctx) {
  const view = new View(main, 'attribution', 'Attribution',
    'Which touchpoint types get the credit for conversions, under every attribution model at once, per type, category and channel; and how much the Markov chain’s conversion probability depends on each type.');
  const scope = scopeFields();
  view.run(async (signal) => {
    const cat = await catalog(signal);
    const stages = cat.stages.map((s) => [s.key, s.name]);
    const own = [
      { name: 'conversion', label: 'Conversion', type: 'select', options: outcomeOptions(cat), default: defaultOutcome(cat) },
      { name: 'models', label: 'Models (none ticked: all)', type: 'multi', options: models },
      { name: 'weight', label: 'A conversion is worth', type: 'select', options: [['CONVERSIONS', '1'], ['ARR', 'its account’s ARR']], default: 'CONVERSIONS' },
      { name: 'lookbackDays', label: 'Lookback (days)', type: 'number', min: 1 },
      { name: 'halfLifeDays', label: 'Time-decay half-life (days)', type: 'number', min: 1, default: 7 },
      { name: 'leadStage', label: 'W-shaped lead stage', type: 'select', options: stages, default: 'lead' },
      { name: 'opportunityStage', label: 'W-shaped opportunity stage', type: 'select', options: stages, default: 'opportunity' },
    ];
    view.controls.replaceChildren(controls('Attribution settings', [['Scope', scope], ['Attribution', own]], ctx.params,
      (params) => ctx.navigate(location.pathname + (params.size ? '?' + params : ''))));
    const get = (name) => value(ctx.params, own.find((f) => f.name === name));
    const given = (name) => (ctx.params.has(name) ? get(name) : undefined);
    const variables = compact({
      conversion: outcomeVariable(get('conversion')),
      models: get('models'),
      weight: given('weight'),
      lookbackDays: given('lookbackDays'),
      halfLifeDays: given('halfLifeDays'),
      leadStage: given('leadStage'),
      opportunityStage: given('opportunityStage'),
      scope: scopeVariable(ctx.params, scope),
    });
    const { attribution } = await view.query(query, variables, signal);
    await render(view.results, attribution);
  });
  return view;
}

async function render(results, report) {
  const byArr = report.weight === 'ARR';
  results.append(summary([
    ['journeys', 'Journeys in scope', formatCount(report.journeys)],
    ['conversions', 'Conversions credited', formatCount(report.conversions)],
    ['unattributedConversions', 'Conversions with nothing to credit', formatCount(report.unattributedConversions)],
    byArr && ['conversionsWithoutValue', 'Conversions without ARR', formatCount(report.conversionsWithoutValue)],
    ['totalCredit', byArr ? 'ARR credited' : 'Credit shared out', formatNumber(report.totalCredit)],
  ].filter(Boolean)));
  if (report.conversions === 0) {
    results.append(empty('No journey in scope converted after a touchpoint it could credit.'));
    return;
  }
  const entries = report.models;
  // One row per touchpoint type, in the first model's order (the API gives
  // every model the same rows).
  const types = entries[0].credits.map((c) => c.touchpointType);
  const creditOf = (entry, pick, key) => {
    const row = pick(entry).find((r) => r.key === key);
    return row ? row.credit : 0;
  };
  const perType = (entry) => entry.credits.map((c) => ({ key: c.touchpointType.key, credit: c.credit }));
  const modelColumns = (pick) => entries.map((e) => ({
    key: e.model, label: modelNames[e.model], num: true, format: formatNumber,
    cell: (row) => creditOf(e, pick, row.key),
  }));

  const chart = h('div', { class: 'chart tall', 'data-chart': 'attribution' });
  results.append(h('h2', { text: 'Credit per touchpoint type, every model' }), chart,
    table('Credit per touchpoint type and model', [
      { key: 'type', label: 'Touchpoint type', cell: (t) => t.name },
      { key: 'category', label: 'Category', cell: (t) => categoryName(t.category) },
      { key: 'channel', label: 'Channel', cell: (t) => t.channel.name },
      ...modelColumns(perType),
    ], types, (t) => ({ 'data-type': t.key })));
  const drawn = draw(chart, {
    aria: { enabled: true, decal: { show: true } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 56, right: 16, top: 48, bottom: 90 },
    xAxis: { type: 'category', data: types.map((t) => t.name), axisLabel: { interval: 0, rotate: types.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', name: byArr ? 'ARR credited' : 'Conversions credited' },
    series: entries.map((e) => ({
      name: modelNames[e.model], type: 'bar', data: types.map((t) => creditOf(e, perType, t.key)),
    })),
  });

  const categories = [...new Set(entries.flatMap((e) => e.categories.map((c) => c.category)))]
    .map((c) => ({ key: c, name: categoryName(c) }));
  results.append(h('h2', { text: 'Per category' }), table('Credit per touchpoint category and model', [
    { key: 'category', label: 'Category', cell: (c) => c.name },
    ...modelColumns((e) => e.categories.map((c) => ({ key: c.category, credit: c.credit }))),
  ], categories, (c) => ({ 'data-category': c.key })));

  const channels = [...new Map(entries.flatMap((e) => e.channels.map((c) => [c.channel.key, c.channel]))).values()];
  results.append(h('h2', { text: 'Per channel' }), table('Credit per channel and model', [
    { key: 'channel', label: 'Channel', cell: (c) => c.name },
    ...modelColumns((e) => e.channels.map((c) => ({ key: c.channel.key, credit: c.credit }))),
  ], channels, (c) => ({ 'data-channel': c.key })));

  const markov = entries.find((e) => e.markov);
  if (markov) {
    const m = markov.markov;
    results.append(h('h2', { text: 'Markov removal effects' }),
      h('p', { class: 'muted', text: 'How much of the chain’s probability of converting is lost when journeys end at a touchpoint type.' }),
      summary([
        ['markovConversionProbability', 'Chain’s conversion probability', formatRate(m.conversionProbability)],
        ['markovJourneys', 'Journeys in the chain', formatCount(m.journeys)],
      ]),
      m.removalEffects.length === 0 ? empty('The chain has no touchpoint type.') : table('Removal effect per touchpoint type, largest first', [
        { key: 'type', label: 'Touchpoint type', cell: (r) => r.touchpointType.name },
        { key: 'removalEffect', label: 'Removal effect', num: true, format: formatRate },
        { key: 'conversionProbabilityWithout', label: 'Conversion probability without it', num: true, format: formatRate },
      ], m.removalEffects, (r) => ({ 'data-removal': r.touchpointType.key })));
  }
  await drawn;
}
