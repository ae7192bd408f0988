// Small DOM helpers: elements are built with properties and text nodes only,
// never from HTML strings, and never with inline styles (the CSP forbids them).

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') el.className = value;
    else if (name === 'text') el.textContent = value;
    else if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name in el && typeof el[name] !== 'function' && !name.startsWith('aria') && !name.startsWith('data')) el[name] = value;
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

const integer = new Intl.NumberFormat('en-US');
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

export function formatCount(n) {
  return n === null || n === undefined ? '–' : integer.format(n);
}

export function formatNumber(n) {
  return n === null || n === undefined ? '–' : decimal.format(n);
}

// formatRate shows a 0–1 fraction as a percentage with one decimal.
export function formatRate(r) {
  return r === null || r === undefined ? '–' : (r * 100).toFixed(1) + ' %';
}

// formatDuration shows seconds in the largest unit that keeps it readable.
export function formatDuration(seconds) {
  if (seconds === null || seconds === undefined) return '–';
  const units = [[86400, 'd'], [3600, 'h'], [60, 'min']];
  for (const [size, name] of units) {
    if (Math.abs(seconds) >= size) return (seconds / size).toFixed(1) + ' ' + name;
  }
  return Math.round(seconds) + ' s';
}

// table builds an accessible table: columns are {key, label, num, format,
// cell(row)}; every cell carries data-field for tools and tests.
export function table(caption, columns, rows, rowAttrs) {
  const head = h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : undefined, text: c.label })));
  const body = rows.map((row) => h('tr', rowAttrs ? rowAttrs(row) : {}, columns.map((c) => {
    const value = c.cell ? c.cell(row) : row[c.key];
    const shown = c.format ? c.format(value, row) : value;
    return h('td', { class: c.num ? 'num' : undefined, 'data-field': c.key }, shown instanceof Node ? shown : String(shown ?? '–'));
  })));
  return h('div', { class: 'table-wrap' }, h('table', {}, h('caption', { text: caption }), h('thead', {}, head), h('tbody', {}, body)));
}

// summary is a list of headline numbers, each marked data-metric.
export function summary(items) {
  return h('dl', { class: 'summary' }, items.map(([key, label, value]) =>
    h('div', {}, h('dt', { text: label }), h('dd', { 'data-metric': key, text: value }))));
}

// categoryName shows a TouchpointCategory enum value as a word (SALES → Sales).
export function categoryName(category) {
  return category[0] + category.slice(1).toLowerCase();
}

// escapeHTML makes text safe inside the HTML strings ECharts' tooltip
// formatters return (ECharts puts them into innerHTML): names and sources are
// the API's data, never markup.
export function escapeHTML(value) {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

export function empty(message) {
  return h('p', { class: 'empty', 'data-empty': 'true', text: message });
}
