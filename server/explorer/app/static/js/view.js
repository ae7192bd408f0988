// The frame every view shares: its root element with the test and tool
// markers (data-view, data-ready, data-error), the loading state with a
// cancel button, the API's errors with their code, the API key prompt, and
// the exact GraphQL operations the view ran, each ready to copy.
import { ApiError, graphql, setApiKey } from './api.js';
import { disposeAll, resizeAll } from './chart.js';
import { h } from './ui.js';

export class View {
  constructor(main, name, title, intro) {
    this.status = h('div', { class: 'status', role: 'status', 'aria-live': 'polite' });
    this.error = h('div', { class: 'error', role: 'alert', hidden: true });
    this.controls = h('div', { class: 'controls-slot' });
    this.results = h('div', { class: 'results' });
    this.operationList = h('div', { class: 'operation-list' });
    this.operation = h('details', { class: 'operation', hidden: true },
      h('summary', { text: 'GraphQL operations this view ran' }),
      h('p', { class: 'muted', text: 'In the order they ran. Each works from any client: POST it to /graphql as JSON {"query", "variables"}.' }),
      this.operationList);
    this.operations = [];
    this.root = h('section', { class: 'view', 'data-view': name, 'aria-labelledby': 'view-title' },
      h('h1', { id: 'view-title', text: title }),
      intro ? h('p', { class: 'intro', text: intro }) : null,
      this.controls, this.status, this.error, this.results, this.operation);
    main.replaceChildren(this.root);
    this.controller = null;
    this.onResize = () => resizeAll(this.root);
    window.addEventListener('resize', this.onResize);
  }

  dispose() {
    if (this.controller) this.controller.abort();
    window.removeEventListener('resize', this.onResize);
    disposeAll(this.root);
  }

  // run performs one load: fn(signal) fetches and draws into this.results.
  // The view is marked ready when fn resolves (after its charts finished),
  // and marked with the error's code when the API answered with an error.
  async run(fn) {
    if (this.controller) this.controller.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.lastRun = fn;
    this.root.removeAttribute('data-ready');
    this.root.removeAttribute('data-error');
    this.root.setAttribute('aria-busy', 'true');
    this.error.hidden = true;
    this.error.replaceChildren();
    this.clearOperations();
    disposeAll(this.results);
    this.results.replaceChildren();
    this.status.replaceChildren(h('span', { class: 'spinner', 'aria-hidden': 'true' }), 'Loading… ',
      h('button', { type: 'button', class: 'secondary', text: 'Cancel', onclick: () => controller.abort() }));
    try {
      await fn(controller.signal);
      if (this.controller !== controller) return;
      if (controller.signal.aborted) throw new ApiError('CANCELLED', 'Cancelled.');
      this.status.replaceChildren();
      this.root.setAttribute('data-ready', 'true');
    } catch (err) {
      if (this.controller !== controller) return;
      disposeAll(this.results);
      this.results.replaceChildren();
      if (err instanceof ApiError && err.code === 'CANCELLED') {
        this.status.replaceChildren('Cancelled. Press Run to load again.');
        return;
      }
      this.status.replaceChildren();
      this.showError(err);
    } finally {
      if (this.controller === controller) this.root.removeAttribute('aria-busy');
    }
  }

  showError(err) {
    const code = err instanceof ApiError ? err.code : 'CLIENT_ERROR';
    this.root.setAttribute('data-error', code);
    this.error.hidden = false;
    this.error.replaceChildren(h('p', {}, 'The API answered with an error: ', h('code', { 'data-error-code': code, text: code })),
      h('p', { 'data-error-message': '', text: err.message }));
    if (code === 'UNAUTHENTICATED') this.error.append(this.keyForm());
  }

  keyForm() {
    const input = h('input', { id: 'api-key', type: 'password', name: 'key', autocomplete: 'off', required: true });
    const form = h('form', { class: 'keyform', 'aria-label': 'API key' },
      h('label', { class: 'field', for: 'api-key' }, 'API key (kept for this browser session only)', input),
      h('button', { type: 'submit', text: 'Use key' }));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      setApiKey(input.value.trim());
      if (this.lastRun) this.run(this.lastRun);
    });
    queueMicrotask(() => input.focus());
    return form;
  }

  // query runs one GraphQL operation and adds it to the operation panel,
  // which lists every operation the view ran for its current state.
  // A load already cancelled by a newer one shows nothing.
  query(query, variables, signal) {
    if (!(signal && signal.aborted)) this.showOperation(query, variables);
    return graphql(query, variables, signal);
  }

  clearOperations() {
    this.operations = [];
    this.operationList.replaceChildren();
    this.operation.hidden = true;
  }

  showOperation(query, variables) {
    const operation = { query, variables };
    this.operations.push(operation);
    const name = (/^\s*(?:query|mutation)\s+(\w+)/.exec(query) || [])[1] || 'Operation ' + this.operations.length;
    const queryText = h('pre', { class: 'query', 'data-operation': 'query', text: query });
    const copyStatus = h('span', { class: 'muted', 'aria-live': 'polite' });
    this.operationList.append(h('section', { class: 'operation-block', 'data-operation-name': name },
      h('h2', { text: `${this.operations.length}. ${name}` }),
      h('h3', { text: 'Query' }), queryText,
      h('h3', { text: 'Variables' }), h('pre', { class: 'variables', 'data-operation': 'variables', text: JSON.stringify(variables, null, 2) }),
      h('button', { type: 'button', class: 'secondary', text: 'Copy as JSON request body', 'aria-label': `Copy ${name} as JSON request body`, onclick: () => copy(operation, queryText, copyStatus) }),
      ' ', copyStatus));
    this.operation.hidden = false;
  }
}

async function copy(operation, queryText, copyStatus) {
  try {
    await navigator.clipboard.writeText(JSON.stringify(operation));
    copyStatus.textContent = 'Copied.';
  } catch {
    // Clipboard access can be refused; select the text for a manual copy.
    getSelection().selectAllChildren(queryText);
    copyStatus.textContent = 'Copy refused by the browser: the query is selected, copy it with Ctrl+C.';
  }
}

// compact drops undefined entries, so the variables shown are exactly those sent.
export function compact(variables) {
  return Object.fromEntries(Object.entries(variables).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)));
}
