// The Journey Explorer's router: history-style URLs under /explore/, one
// module per view. The chart library starts loading at once, beside the
// view's first query (see chart.js).
import { apiKey, setApiKey } from './api.js';
import { loadECharts } from './chart.js';
import { h } from './ui.js';

// A failed load surfaces where a chart is drawn (draw awaits the same promise).
loadECharts().catch(() => {});

const prefix = '/explore/';
const views = {
  '': () => import('./views/home.js'),
  funnel: () => import('./views/funnel.js'),
  paths: () => import('./views/paths.js'),
  linkages: () => import('./views/linkages.js'),
  accounts: () => import('./views/account.js'),
  attribution: () => import('./views/attribution.js'),
  coverage: () => import('./views/coverage.js'),
  map: () => import('./views/map.js'),
};

let current = null;

function route() {
  const rest = location.pathname.startsWith(prefix) ? location.pathname.slice(prefix.length) : '';
  const [first, ...more] = rest.split('/');
  return { name: first, id: more.length ? decodeURIComponent(more.join('/')) : null };
}

export function navigate(url, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  render();
}

async function render() {
  const main = document.getElementById('main');
  const { name, id } = route();
  if (current && current.dispose) current.dispose();
  current = null;
  for (const a of document.querySelectorAll('nav a')) {
    if (a.pathname === prefix + name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  // Drop the old view at once, so nothing (a test, a tool) reads its markers
  // while the next one loads.
  main.replaceChildren();
  const load = views[name];
  if (!load) {
    main.replaceChildren(h('p', { class: 'empty', text: 'No such view.' }));
    return;
  }
  const module = await load();
  current = module.mount(main, { name, id, params: new URLSearchParams(location.search), navigate });
}

function renderKeyStatus() {
  const box = document.getElementById('key-status');
  if (!apiKey()) {
    box.replaceChildren();
    return;
  }
  box.replaceChildren('API key set for this session. ',
    h('button', { type: 'button', class: 'secondary', text: 'Forget key', onclick: () => { setApiKey(''); render(); } }));
}

document.addEventListener('click', (event) => {
  const a = event.target.closest('a[href]');
  if (!a || a.origin !== location.origin || !a.pathname.startsWith(prefix) || a.pathname.startsWith(prefix + 'static/')) return;
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(a.pathname + a.search);
});
window.addEventListener('popstate', render);
document.addEventListener('apikeychange', renderKeyStatus);
renderKeyStatus();
render();
