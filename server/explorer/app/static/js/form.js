// View controls and their state in the URL's query string, so every view's
// state is a link that can be shared. A field is {name, label, type, options,
// default, min, max, placeholder}; types: select, number, checkbox, date,
// list (comma-separated text), multi (a group of checkboxes).
import { h } from './ui.js';

const segments = [['SMB', 'SMB'], ['MID_MARKET', 'Mid-market'], ['ENTERPRISE', 'Enterprise']];
const categories = ['SALES', 'FINANCE', 'SOCIAL', 'MARKETING', 'SUPPORT', 'PRODUCT'].map((c) => [c, c[0] + c.slice(1).toLowerCase()]);

// scopeFields are the AnalysisScope controls every analysis view shares.
export function scopeFields({ level = true } = {}) {
  return [
    level && { name: 'level', label: 'Journeys of', type: 'select', options: [['ACCOUNT', 'Accounts'], ['CONTACT', 'Contacts']], default: 'ACCOUNT' },
    { name: 'segment', label: 'Segments', type: 'multi', options: segments },
    { name: 'industry', label: 'Industries', type: 'list', placeholder: 'e.g. Manufacturing' },
    { name: 'region', label: 'Regions', type: 'list', placeholder: 'e.g. EMEA' },
    { name: 'from', label: 'From', type: 'date' },
    { name: 'to', label: 'To (before)', type: 'date' },
    { name: 'cohortFrom', label: 'Cohort from', type: 'date' },
    { name: 'cohortTo', label: 'Cohort to (before)', type: 'date' },
    { name: 'excludeCategories', label: 'Leave out categories', type: 'multi', options: categories },
    { name: 'excludeTypes', label: 'Leave out types', type: 'list', placeholder: 'e.g. email_open' },
  ].filter(Boolean);
}

// scopeVariable turns the URL's scope parameters into an AnalysisScope, or
// undefined when none is set (the API's default: every account journey).
export function scopeVariable(params, fields) {
  const scope = {};
  for (const f of fields) {
    const v = value(params, f);
    if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    if (f.name === 'level' && v === 'ACCOUNT') continue;
    scope[f.name] = f.type === 'date' ? v + 'T00:00:00Z' : v;
  }
  return Object.keys(scope).length ? scope : undefined;
}

// value reads one field from the query string, typed; undefined when unset.
export function value(params, field) {
  const raw = params.get(field.name);
  switch (field.type) {
    case 'multi':
    case 'list':
      return raw ? raw.split(',').map((s) => s.trim()).filter(Boolean) : [];
    case 'number':
      return raw === null || raw === '' || Number.isNaN(Number(raw)) ? field.default : Number(raw);
    case 'checkbox':
      return raw === null ? field.default : raw === 'true';
    default:
      return raw === null || raw === '' ? field.default : raw;
  }
}

// outcomeVariable reads an outcome field ("stage:customer" or "type:demo").
export function outcomeVariable(raw) {
  if (!raw) return undefined;
  const [kind, key] = [raw.slice(0, raw.indexOf(':')), raw.slice(raw.indexOf(':') + 1)];
  if (kind === 'stage') return { stage: key };
  if (kind === 'type') return { touchpointType: key };
  return undefined;
}

// defaultStage is the stage views lead to at first: customer when the
// catalog has that stage, else its first stage; undefined when the catalog
// has no stage at all.
export function defaultStage(cat) {
  if (cat.stages.some((s) => s.key === 'customer')) return 'customer';
  return cat.stages.length ? cat.stages[0].key : undefined;
}

// defaultOutcome is the outcome views start with: the default stage, else
// (no stage designed) the first touchpoint type.
export function defaultOutcome(cat) {
  const stage = defaultStage(cat);
  if (stage) return 'stage:' + stage;
  return cat.touchpointTypes.length ? 'type:' + cat.touchpointTypes[0].key : undefined;
}

// outcomeOptions lists the stages and touchpoint types an outcome can be.
export function outcomeOptions(cat, none) {
  const opts = none ? [['', none]] : [];
  return opts.concat(
    cat.stages.map((s) => ['stage:' + s.key, 'Stage: ' + s.name]),
    cat.touchpointTypes.map((t) => ['type:' + t.key, 'Touchpoint: ' + t.name]));
}

let fieldIds = 0;

function control(field, params) {
  const id = 'f-' + field.name + '-' + ++fieldIds;
  const current = value(params, field);
  switch (field.type) {
    case 'select':
      return h('label', { class: 'field', for: id }, field.label,
        h('select', { id, name: field.name },
          field.options.map(([v, label]) => h('option', { value: v, selected: v === (current ?? ''), text: label }))));
    case 'multi':
      return h('fieldset', { class: 'group' }, h('legend', { text: field.label }),
        h('div', { class: 'options' }, field.options.map(([v, label]) =>
          h('label', { class: 'check' }, h('input', { type: 'checkbox', name: field.name, value: v, checked: current.includes(v) }), label))));
    case 'checkbox':
      return h('label', { class: 'check' }, h('input', { id, type: 'checkbox', name: field.name, checked: current === true }), field.label);
    case 'number':
      return h('label', { class: 'field', for: id }, field.label,
        h('input', { id, type: 'number', name: field.name, min: field.min, max: field.max, step: 1, placeholder: field.placeholder, value: current ?? '' }));
    case 'list':
      return h('label', { class: 'field', for: id }, field.label,
        h('input', { id, type: 'text', name: field.name, placeholder: field.placeholder, value: current.join(', ') }));
    default:
      return h('label', { class: 'field', for: id }, field.label,
        h('input', { id, type: field.type === 'date' ? 'date' : 'text', name: field.name, placeholder: field.placeholder, value: current ?? '' }));
  }
}

// controls builds the form: one fieldset per group [legend, fields].
export function controls(label, groups, params, onSubmit) {
  const form = h('form', { class: 'controls', 'aria-label': label },
    groups.map(([legend, fields]) => h('fieldset', {}, h('legend', { text: legend }), fields.map((f) => control(f, params)))),
    h('button', { type: 'submit', text: 'Run' }));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onSubmit(formParams(form, groups.flatMap(([, fields]) => fields)));
  });
  return form;
}

// formParams reads the form back into query-string parameters, leaving out
// empty values and defaults so links stay short.
function formParams(form, fields) {
  const params = new URLSearchParams();
  for (const f of fields) {
    let v;
    if (f.type === 'multi') {
      v = [...form.querySelectorAll(`input[name="${f.name}"]:checked`)].map((i) => i.value).join(',');
    } else if (f.type === 'checkbox') {
      const checked = form.elements[f.name].checked;
      v = checked === (f.default === true) ? '' : String(checked);
    } else if (f.type === 'list') {
      v = form.elements[f.name].value.split(',').map((s) => s.trim()).filter(Boolean).join(',');
    } else {
      v = form.elements[f.name].value.trim();
      if (f.default !== undefined && v === String(f.default)) v = '';
    }
    if (v !== '') params.set(f.name, v);
  }
  return params;
}
