// Charts are drawn by the vendored Apache ECharts (canvas renderer). The
// palette is Okabe–Ito, distinguishable with every common colour-vision
// deficiency; where colour carries a category, shapes or labels carry it too.
import * as echarts from '../vendor/echarts.esm.min.js';

export const palette = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];
// categoryColours gives each touchpoint category one colour in every chart.
export const categoryColours = {
  SALES: palette[0], FINANCE: palette[1], MARKETING: palette[2], SOCIAL: palette[3], SUPPORT: palette[5], PRODUCT: palette[4],
};

export const symbols = ['circle', 'rect', 'triangle', 'diamond', 'pin', 'arrow', 'roundRect'];

// draw renders option into container and resolves with the chart once
// ECharts reports it 'finished' (every element drawn): views mark themselves
// ready only then. opts.renderer 'svg' makes the toolbox export SVG.
export function draw(container, option, { renderer = 'canvas' } = {}) {
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
  for (const el of root.querySelectorAll('.chart')) {
    const chart = echarts.getInstanceByDom(el);
    if (chart) chart.dispose();
  }
}

export function resizeAll(root) {
  for (const el of root.querySelectorAll('.chart')) {
    const chart = echarts.getInstanceByDom(el);
    if (chart) chart.resize();
  }
}

export { echarts };
