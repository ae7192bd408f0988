// Funnel (/explore/funnel): accounts entering each stage and where they went
// next (query `funnel`).
import { catalog } from '../api.js';
import { draw } from '../chart.js';
import { controls, scopeFields, scopeVariable, value } from '../form.js';
import { empty, formatCount, formatDuration, formatRate, h, summary, table } from '../ui.js';
import { compact, View } from '../view.js';

export const query = `query ExplorerFunnel($scope: AnalysisScope, $stages: [String!], $conversionWindowDays: Int) {
  funnel(scope: $scope, stages: $stages, conversionWindowDays: $conversionWindowDays) {
    accountsInScope
    accountsEnteringAnyStage
    backwardMoves
    accountsWithBackwardMoves
    stages {
      stageKey
      stage { name }
      nextStageKey
      entered
      entries
      convertedToNext
      conversionRate
      skippedAhead
      dropOff
      dropOffRate
      skipped
      backwardMovesFrom
      medianSecondsInStage
      p90SecondsInStage
    }
  }
}`;

export function mount(main, ctx) {
  const view = new View(main, 'funnel', 'Funnel',
    'Accounts entering each lifecycle stage, moving on to the next, skipping ahead or dropping off, and how long they stay. Stage changes belong to accounts, so the funnel is account-level.');
  const scope = scopeFields({ level: false });
  view.run(async (signal) => {
    const cat = await catalog(signal);
    const own = [
      { name: 'stages', label: 'Stages (none ticked: all, in designed order)', type: 'multi', options: cat.stages.map((s) => [s.key, s.name]) },
      { name: 'conversionWindowDays', label: 'Conversion window (days)', type: 'number', min: 1, max: 3650 },
    ];
    view.controls.replaceChildren(controls('Funnel settings', [['Scope', scope], ['Funnel', own]], ctx.params,
      (params) => ctx.navigate(location.pathname + (params.size ? '?' + params : ''))));
    const variables = compact({
      scope: scopeVariable(ctx.params, scope),
      stages: value(ctx.params, own[0]),
      conversionWindowDays: value(ctx.params, own[1]),
    });
    const { funnel } = await view.query(query, variables, signal);
    await render(view.results, funnel);
  });
  return view;
}

async function render(results, funnel) {
  results.append(summary([
    ['accountsInScope', 'Accounts in scope', formatCount(funnel.accountsInScope)],
    ['accountsEnteringAnyStage', 'Entered any funnel stage', formatCount(funnel.accountsEnteringAnyStage)],
    ['backwardMoves', 'Backward moves', formatCount(funnel.backwardMoves)],
    ['accountsWithBackwardMoves', 'Accounts moving backward', formatCount(funnel.accountsWithBackwardMoves)],
  ]));
  if (funnel.accountsEnteringAnyStage === 0) {
    results.append(empty("No account in this scope entered any of the funnel's stages."));
    return;
  }
  const stages = funnel.stages;
  const chart = h('div', { class: 'chart', 'data-chart': 'funnel' });
  results.append(h('h2', { text: 'Accounts per stage' }), chart, table('Funnel stages, in funnel order', [
    { key: 'stage', label: 'Stage', cell: (s) => s.stage.name },
    { key: 'entered', label: 'Entered', num: true, format: formatCount },
    { key: 'entries', label: 'Entries', num: true, format: formatCount },
    { key: 'convertedToNext', label: 'Converted to next', num: true, format: formatCount },
    { key: 'conversionRate', label: 'Conversion', num: true, format: formatRate },
    { key: 'skippedAhead', label: 'Skipped ahead', num: true, format: formatCount },
    { key: 'dropOff', label: 'Dropped off', num: true, format: formatCount },
    { key: 'dropOffRate', label: 'Drop-off rate', num: true, format: formatRate },
    { key: 'skipped', label: 'Skipped this stage', num: true, format: formatCount },
    { key: 'backwardMovesFrom', label: 'Backward moves from', num: true, format: formatCount },
    { key: 'medianSecondsInStage', label: 'Median time in stage', num: true, format: formatDuration },
    { key: 'p90SecondsInStage', label: '90th pct. time in stage', num: true, format: formatDuration },
  ], stages, (s) => ({ 'data-stage': s.stageKey })));
  const outcome = (field) => stages.map((s) => (s.nextStageKey ? s[field] : null));
  await draw(chart, {
    aria: { enabled: true, decal: { show: true } },
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 56, right: 16, top: 40, bottom: 70 },
    xAxis: { type: 'category', data: stages.map((s) => s.stage.name), axisLabel: { interval: 0, rotate: stages.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', name: 'Accounts', minInterval: 1 },
    series: [
      { name: 'Entered', type: 'bar', data: stages.map((s) => s.entered), label: { show: true, position: 'top' } },
      { name: 'Converted to next', type: 'bar', stack: 'next', data: outcome('convertedToNext') },
      { name: 'Skipped ahead', type: 'bar', stack: 'next', data: outcome('skippedAhead') },
      { name: 'Dropped off', type: 'bar', stack: 'next', data: outcome('dropOff') },
    ],
  });
}
