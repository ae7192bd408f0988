// Charts are drawn by the vendored Apache ECharts (canvas renderer). The
// palette is Okabe–Ito, distinguishable with every common colour-vision
// deficiency; where colour carries a category, shapes or labels carry it too.
//
// The library (1.1 MB) is imported on demand, not statically: the app starts
// loading it at once (loadECharts in app.js) beside the view's first query, so
// fetching and compiling it overlaps the API's answer instead of delaying the
// request. Once loaded it is window.echarts, so tools and tests can read a
// chart's option (echarts.getInstanceByDom(el).getOption()).
let loading = null;
let echarts = null;

export function loadECharts() {
  loading ??= import('../vendor/echarts.esm.min.js').then((lib) => {
    echarts = lib;
    window.echarts = lib;
    return lib;
  });
  return loading;
}

export const palette = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];
// categoryColours gives each touchpoint category one colour in every chart.
export const categoryColours = {
  SALES: palette[0], FINANCE: palette[1], MARKETING: palette[2], SOCIAL: palette[3], SUPPORT: palette[5], PRODUCT: palette[4],
};

export const symbols = ['circle', 'rect', 'triangle', 'diamond', 'pin', 'arrow', 'roundRect'];

// draw renders option into container and resolves with the chart once
// ECharts reports it 'finished' (every element drawn): views mark themselves
// ready only then. opts.renderer 'svg' makes the toolbox export SVG.
export async function draw(container, option, { renderer = 'canvas' } = {}) {
  await loadECharts();
  const chart = echarts.init(container, null, { renderer });
  return new Promise((resolve) => {
    const finished = () => {
      chart.off('finished', finished);
      resolve(chart);
    };
    chart.on('finished', finished);
    chart.setOption({
      color: palette,
      animation: false,
      aria: { enabled: true },
      textStyle: { fontFamily: 'system-ui, "DejaVu Sans", sans-serif' },
      ...option,
    });
  });
}

// disposeAll frees every chart under root (when a view is left).
export function disposeAll(root) {
  if (!echarts) return; // nothing was drawn yet
  for (const el of root.querySelectorAll('.chart')) {
    const chart = echarts.getInstanceByDom(el);
    if (chart) chart.dispose();
  }
}

export function resizeAll(root) {
  if (!echarts) return;
  for (const el of root.querySelectorAll('.chart')) {
    const chart = echarts.getInstanceByDom(el);
    if (chart) chart.resize();
  }
}

