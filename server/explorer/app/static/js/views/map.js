// Journey map (/explore/map): the designed journey as the CMO's scroll —
// stages left to right in designed order, with lanes for what the customer
// does, feels (desired vs observed emotion as a curve) and wants, the
// expected touchpoints with owner, technologies, ratings and observed volume,
// pain points and moments of truth, and coverage gaps marked on the map
// (`journeyMap` and `coverageGaps`). Printable; the emotion curve exports as
// SVG through ECharts' own toolbox. The Diagram panel draws
// `journeyMapDiagram(format: MERMAID)` with Mermaid — loaded only when the
// panel is opened — and downloads the whole diagram as SVG or PNG.
import { ApiError } from '../api.js';
import { draw } from '../chart.js';
import { controls, value } from '../form.js';
import { empty, formatCount, formatNumber, h } from '../ui.js';
import { compact, View } from '../view.js';

export const query = `query ExplorerJourneyMap($window: ObservationWindow) {
  journeyMap(window: $window) {
    stages {
      stage { key name order }
      doing
      feeling
      wanting
      desiredEmotion
      observedEmotion
      painPoints
      technologies { key name vendor { name } }
      touchpoints {
        type { key name category }
        owner { department { name } team region }
        momentOfTruth
        importance { internal customer gap }
        performance { internal customer gap }
        dataFields { field { key name } askedOfCustomer }
        technologies { key name vendor { name } }
        observedTouchpoints
      }
    }
  }
  coverageGaps(window: $window) {
    stagesWithoutTechnology { key }
    silos { technology { key } strandedTouchpointTypes { key } }
    friction { field { key } }
  }
}`;

// Emotions from most negative to most positive: the curve's y axis.
const emotions = ['FRUSTRATED', 'ANXIOUS', 'UNCERTAIN', 'NEUTRAL', 'CURIOUS', 'CONFIDENT', 'DELIGHTED'];
const emotionName = (e) => (e ? e[0] + e.slice(1).toLowerCase() : '–');

export const diagramQuery = `query ExplorerJourneyMapDiagram {
  journeyMapDiagram(format: MERMAID)
}`;

export function mount(main, ctx) {
  const view = new View(main, 'map', 'Journey map',
    'The designed journey, stage by stage: what the customer does, feels and wants, the touchpoints expected with who delivers them and what captures them, pain points and moments of truth — with coverage gaps marked. Print it to unroll it on the table.');
  const windowFields = [
    { name: 'from', label: 'Count touchpoints from', type: 'date' },
    { name: 'to', label: 'To (before)', type: 'date' },
  ];
  view.controls.replaceChildren(controls('Journey map settings', [['Observed volume window', windowFields]], ctx.params,
    (params) => ctx.navigate(location.pathname + (params.size ? '?' + params : ''))));
  view.run(async (signal) => {
    const from = value(ctx.params, windowFields[0]);
    const to = value(ctx.params, windowFields[1]);
    const window = from || to ? compact({ from: from && from + 'T00:00:00Z', to: to && to + 'T00:00:00Z' }) : undefined;
    const data = await view.query(query, compact({ window }), signal);
    await render(view, data, ctx, signal);
  });
  return view;
}

async function render(view, { journeyMap, coverageGaps: gaps }, ctx, viewSignal) {
  const results = view.results;
  const stages = journeyMap.stages;
  if (stages.length === 0) {
    results.append(empty('No stage is designed yet.'));
    return;
  }
  const withoutTechnology = new Set(gaps.stagesWithoutTechnology.map((s) => s.key));
  const stranded = new Set(gaps.silos.flatMap((s) => s.strandedTouchpointTypes.map((t) => t.key)));
  const friction = new Set(gaps.friction.map((f) => f.field.key));

  const chart = h('div', { class: 'chart emotion', 'data-chart': 'emotion' });
  const diagram = diagramPanel(view, ctx, viewSignal);
  results.append(h('div', { class: 'map-actions' },
    h('button', { type: 'button', class: 'secondary', text: 'Print the map', onclick: () => window.print() }), ' ', diagram.toggle),
  diagram.panel,
  h('p', { class: 'legend muted' }, 'Marks: ', h('span', { class: 'mark mot', text: '★ moment of truth' }), ' ',
    h('span', { class: 'mark gap', text: '⚠ gap' }), ' ', h('span', { class: 'mark pain', text: '✖ pain point' })));

  const lane = (label, cell) => [h('div', { class: 'lane-label', role: 'rowheader', text: label }),
    ...stages.map((s) => h('div', { class: 'lane-cell', role: 'cell', 'data-stage': s.stage.key, 'data-lane': label.toLowerCase() }, cell(s)))];
  const grid = h('div', { class: 'journey-map', role: 'table', 'aria-label': 'Journey map: stages in designed order, lanes below' },
    h('div', { class: 'map-row', role: 'row' }, h('div', { class: 'lane-label', role: 'columnheader', text: 'Stage' }),
      stages.map((s) => h('div', {
        class: 'stage-head' + (withoutTechnology.has(s.stage.key) ? ' has-gap' : ''), role: 'columnheader', 'data-stage-head': s.stage.key,
      }, h('strong', { text: s.stage.name }),
      withoutTechnology.has(s.stage.key) ? h('span', { class: 'mark gap', 'data-mark': 'stage-without-technology', text: '⚠ no technology' }) : null))),
    h('div', { class: 'map-row', role: 'row' }, lane('Doing', (s) => s.doing || '–')),
    h('div', { class: 'map-row', role: 'row' }, lane('Feeling', (s) => [s.feeling || '–',
      h('div', { class: 'emotions', 'data-emotions': '' }, `desired ${emotionName(s.desiredEmotion)}, observed ${emotionName(s.observedEmotion)}`)])),
    h('div', { class: 'map-row', role: 'row' }, lane('Wanting', (s) => s.wanting || '–')),
    h('div', { class: 'map-row', role: 'row' }, lane('Touchpoints', (s) => (s.touchpoints.length === 0
      ? h('span', { class: 'muted', text: 'none designed' })
      : s.touchpoints.map((tp) => touchpointCard(s.stage.key, tp, stranded, friction))))),
    h('div', { class: 'map-row', role: 'row' }, lane('Pain points', (s) => (s.painPoints.length === 0 ? '–'
      : h('ul', {}, s.painPoints.map((p) => h('li', { class: 'pain', 'data-pain': '', text: '✖ ' + p })))))),
    h('div', { class: 'map-row', role: 'row' }, lane('Technologies', (s) => (s.technologies.length === 0 ? '–'
      : s.technologies.map((t) => t.name).join(', ')))));
  results.append(h('h2', { text: 'Emotion: desired vs observed' }), chart, grid);

  await draw(chart, {
    aria: { enabled: true, decal: { show: true } },
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    toolbox: { right: 8, feature: { saveAsImage: { title: 'Save as SVG', name: 'journey-emotions' } } },
    grid: { left: 90, right: 24, top: 36, bottom: 24 },
    xAxis: { type: 'category', data: stages.map((s) => s.stage.name), boundaryGap: true },
    yAxis: { type: 'category', data: emotions.map(emotionName) },
    series: [
      { name: 'Desired', type: 'line', symbol: 'circle', symbolSize: 9, data: stages.map((s) => (s.desiredEmotion ? emotionName(s.desiredEmotion) : null)), connectNulls: true },
      { name: 'Observed', type: 'line', symbol: 'triangle', symbolSize: 11, lineStyle: { type: 'dashed' }, data: stages.map((s) => (s.observedEmotion ? emotionName(s.observedEmotion) : null)), connectNulls: true },
    ],
  }, { renderer: 'svg' });
}

// diagramPanel is the Diagram toggle and its panel. Opening it (or a URL with
// diagram=1) fetches the Mermaid text and draws it in the diagram frame, a
// document of its own because Mermaid styles inline (see explorer.go); the
// panel carries data-ready="true" once drawn, or data-error with the API's
// code, DIAGRAM_UNAVAILABLE when the frame or Mermaid could not be loaded, or
// MERMAID_PARSE_ERROR with Mermaid's message when it refuses the text. The
// query runs through the view (shown in its operation panel) and is cancelled
// with the view's load; a failed or cancelled drawing can be tried again.
function diagramPanel(view, ctx, viewSignal) {
  const status = h('div', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const error = h('div', { class: 'error', role: 'alert', hidden: true });
  const frame = h('iframe', { class: 'diagram-frame', title: 'Journey map diagram', 'data-diagram-frame': '' });
  const svgButton = h('button', {
    type: 'button', class: 'secondary', text: 'Download SVG', 'aria-label': 'Download SVG of the whole journey map diagram', disabled: true,
    onclick: () => download(new Blob([frame.contentWindow.journeyDiagram.svg()], { type: 'image/svg+xml' }), 'journey-map.svg'),
  });
  const pngButton = h('button', {
    type: 'button', class: 'secondary', text: 'Download PNG', 'aria-label': 'Download PNG of the whole journey map diagram', disabled: true,
    onclick: async () => download(await frame.contentWindow.journeyDiagram.png(), 'journey-map.png'),
  });
  const panel = h('section', { id: 'map-diagram', class: 'diagram-panel', 'data-diagram': '', 'aria-labelledby': 'map-diagram-title', hidden: true },
    h('h2', { id: 'map-diagram-title', text: 'Diagram' }),
    h('p', { class: 'muted', text: 'The journey map as Mermaid draws journeyMapDiagram(format: MERMAID). The downloads hold the whole diagram, not only what is in view.' }),
    h('div', { class: 'diagram-actions' }, svgButton, ' ', pngButton),
    status, error, frame);
  const toggle = h('button', { type: 'button', class: 'secondary', 'aria-expanded': 'false', 'aria-controls': 'map-diagram', text: 'Show diagram' });
  let loading = null;
  const setOpen = (open) => {
    panel.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    toggle.textContent = open ? 'Hide diagram' : 'Show diagram';
    const params = new URLSearchParams(location.search);
    if (open) params.set('diagram', '1');
    else params.delete('diagram');
    history.replaceState(null, '', location.pathname + (params.size ? '?' + params : ''));
    if (open && !loading) loading = load();
  };
  const retry = () => {
    if (!loading) loading = load();
  };
  const fail = (code, message, detail) => {
    loading = null;
    panel.setAttribute('data-error', code);
    status.replaceChildren();
    error.hidden = false;
    error.replaceChildren(h('p', {}, message, ' ', h('code', { 'data-error-code': code, text: code })),
      h('pre', { 'data-error-message': '', text: detail }),
      h('button', { type: 'button', class: 'secondary', 'data-diagram-retry': '', text: 'Try again', onclick: retry }));
    frame.hidden = true;
  };
  async function load() {
    const controller = new AbortController();
    const signal = AbortSignal.any([viewSignal, controller.signal]);
    const cancelled = () => {
      if (!signal.aborted) return false;
      loading = null;
      status.replaceChildren('Cancelled. ', h('button', { type: 'button', class: 'secondary', text: 'Draw the diagram', onclick: retry }));
      return true;
    };
    panel.removeAttribute('data-error');
    panel.removeAttribute('data-ready');
    error.hidden = true;
    error.replaceChildren();
    frame.hidden = false;
    status.replaceChildren(h('span', { class: 'spinner', 'aria-hidden': 'true' }), 'Drawing the diagram… ',
      h('button', { type: 'button', class: 'secondary', text: 'Cancel', onclick: () => controller.abort() }));
    const frameLoaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    frame.src = '/explore/diagram-frame';
    let text;
    try {
      text = (await view.query(diagramQuery, {}, signal)).journeyMapDiagram;
    } catch (err) {
      if (cancelled()) return;
      fail(err instanceof ApiError ? err.code : 'CLIENT_ERROR', 'The API answered with an error:', err.message);
      return;
    }
    await Promise.race([frameLoaded, new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))]);
    if (cancelled()) return;
    const drawer = frame.contentWindow && frame.contentWindow.journeyDiagram;
    if (!drawer) {
      fail('DIAGRAM_UNAVAILABLE', 'The diagram frame could not be loaded:', 'its script did not start; try again.');
      return;
    }
    let size;
    try {
      size = await drawer.render(text);
    } catch (err) {
      if (cancelled()) return;
      // The frame marks its own loading failures (Mermaid not loaded) with
      // a code; anything else is Mermaid refusing the text.
      if (err && err.code === 'DIAGRAM_UNAVAILABLE') fail(err.code, 'The diagram frame could not load Mermaid:', err.message);
      else fail('MERMAID_PARSE_ERROR', 'Mermaid could not draw the diagram text:', String(err && err.message ? err.message : err));
      return;
    }
    if (cancelled()) return;
    // The frame's size as attributes: the app's policy refuses inline styles.
    frame.width = String(size.width);
    frame.height = String(size.height);
    status.replaceChildren();
    svgButton.disabled = false;
    pngButton.disabled = false;
    panel.setAttribute('data-ready', 'true');
  }
  toggle.addEventListener('click', () => setOpen(panel.hidden));
  if (ctx.params.get('diagram') === '1') setOpen(true);
  return { toggle, panel };
}

// download saves blob under name through a temporary link.
function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has the blob once the download started; free it later.
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

function touchpointCard(stageKey, tp, stranded, friction) {
  const uncaptured = tp.technologies.length === 0;
  const isStranded = stranded.has(tp.type.key);
  const owner = tp.owner.department ? [tp.owner.department.name, tp.owner.team, tp.owner.region].filter(Boolean).join(' · ') : 'no owner';
  const rating = (r) => `${formatNumber(r.internal)} / ${formatNumber(r.customer)}`;
  return h('article', {
    class: 'tp-card' + (tp.momentOfTruth ? ' mot' : '') + (uncaptured || isStranded ? ' has-gap' : ''),
    'data-touchpoint': stageKey + '>' + tp.type.key,
  },
  h('h3', { text: tp.type.name }),
  tp.momentOfTruth ? h('p', { class: 'mark mot', 'data-mark': 'moment-of-truth', text: '★ ' + tp.momentOfTruth }) : null,
  h('dl', {},
    h('dt', { text: 'Owner' }), h('dd', { 'data-field': 'owner', text: owner }),
    h('dt', { text: 'Captured by' }), h('dd', { 'data-field': 'technologies', text: uncaptured ? 'nothing' : tp.technologies.map((t) => `${t.name} (${t.vendor.name})`).join(', ') }),
    h('dt', { text: 'Importance int. / cust.' }), h('dd', { 'data-field': 'importance', text: rating(tp.importance) }),
    h('dt', { text: 'Performance int. / cust.' }), h('dd', { 'data-field': 'performance', text: rating(tp.performance) }),
    h('dt', { text: 'Observed' }), h('dd', { 'data-field': 'observed', text: formatCount(tp.observedTouchpoints) }),
    tp.dataFields.length ? [h('dt', { text: 'Data' }), h('dd', { 'data-field': 'data' }, tp.dataFields.flatMap((f, i) => [i ? ', ' : '',
      f.field.name + (f.askedOfCustomer ? ' (asked)' : ''),
      f.askedOfCustomer && friction.has(f.field.key) ? h('span', { class: 'mark gap', 'data-mark': 'friction', text: ' ⚠ asked more than once' }) : null]))] : null),
  uncaptured ? h('p', { class: 'mark gap', 'data-mark': 'uncaptured', text: '⚠ no technology captures it' }) : null,
  isStranded ? h('p', { class: 'mark gap', 'data-mark': 'silo', text: '⚠ its data never reaches a system of record' }) : null);
}
