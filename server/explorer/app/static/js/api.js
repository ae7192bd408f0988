// GraphQL over HTTP against the API's own /graphql, the public API every
// frontend uses. An API key, when the server needs one, lives in this browser
// session's sessionStorage only: never in a URL, a cookie or a log.
import { createClient } from '../vendor/graphql-ws/client.js';

const keyName = 'journeygraph.apiKey';

export class ApiError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

export function apiKey() {
  return sessionStorage.getItem(keyName) || '';
}

export function setApiKey(key) {
  if (key) sessionStorage.setItem(keyName, key);
  else sessionStorage.removeItem(keyName);
  document.dispatchEvent(new CustomEvent('apikeychange'));
}

// graphql runs one operation and returns its data; any GraphQL error (the
// first one's extensions.code and message) or transport failure is an
// ApiError. A cancelled request is an ApiError with code CANCELLED.
export async function graphql(query, variables, signal) {
  const headers = {
    'Content-Type': 'application/json',
    Accept: 'application/graphql-response+json, application/json',
  };
  const key = apiKey();
  if (key) headers.Authorization = 'Bearer ' + key;
  let response;
  try {
    response = await fetch('/graphql', {
      method: 'POST', headers, body: JSON.stringify({ query, variables }), signal,
      credentials: 'omit', cache: 'no-store',
    });
  } catch (err) {
    if (err.name === 'AbortError') throw new ApiError('CANCELLED', 'Cancelled.');
    throw new ApiError('NETWORK_ERROR', 'The API could not be reached: ' + err.message);
  }
  let body;
  try {
    body = await response.json();
  } catch (err) {
    if (err.name === 'AbortError') throw new ApiError('CANCELLED', 'Cancelled.');
    throw new ApiError('HTTP_' + response.status, `The API answered HTTP ${response.status} without a GraphQL body.`);
  }
  if (body.errors && body.errors.length) {
    const first = body.errors[0];
    const code = (first.extensions && first.extensions.code) || 'HTTP_' + response.status;
    const field = first.extensions && first.extensions.field ? ` (field ${first.extensions.field})` : '';
    throw new ApiError(code, first.message + field);
  }
  if (!response.ok) throw new ApiError('HTTP_' + response.status, `The API answered HTTP ${response.status}.`);
  return body.data;
}

// Live subscriptions: every subscription of the page shares one WebSocket
// (graphql-transport-ws, through the graphql-ws client), so however many
// views and accounts a page follows, it holds at most one live connection;
// browsers allow only six HTTP/1.1 connections per origin, which separate
// streams would take from the page's queries.
let liveClient = null;
let connected = false;
const liveSubscriptions = new Set();

function client() {
  if (!liveClient) {
    const c = createClient({
      url: location.origin.replace(/^http/, 'ws') + '/graphql',
      connectionParams: () => (apiKey() ? { Authorization: 'Bearer ' + apiKey() } : {}),
      // Moving from one account to the next keeps the connection.
      lazyCloseTimeout: 5000,
      // Resubscribing is LiveSubscription's job: it resumes from the last
      // cursor, which the client's own retry would not send.
      retryAttempts: 0,
    });
    // A replaced client (after a key change) may still report its close.
    c.on('connected', () => {
      if (liveClient !== c) return;
      connected = true;
      liveSubscriptions.forEach((s) => s.connected());
    });
    c.on('closed', () => { if (liveClient === c) connected = false; });
    liveClient = c;
  }
  return liveClient;
}

// A new key needs a new connection (the key goes in connection_init):
// subscriptions that stopped for want of one start again.
document.addEventListener('apikeychange', () => {
  if (liveClient) liveClient.dispose();
  liveClient = null;
  connected = false;
  liveSubscriptions.forEach((s) => s.restart());
});

// Errors after which resubscribing cannot help until something changes.
const fatalCloseCodes = new Set([4400, 4401, 4403, 4406]);
const fatalErrorCodes = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED']);

// Backoff between resubscriptions: doubling from retryMin to retryMax, with
// jitter so that pages do not come back all at once after a restart.
const retryMin = 500;
const retryMax = 30000;
// A subscription that stayed up this long starts its backoff afresh.
const retryStable = 5000;
// graphql-transport-ws does not acknowledge a subscribe; the server refuses
// one at once when it cannot serve it (Neo4j unreachable). A subscription
// sent on an open connection counts as accepted after its first event, or
// once it has gone this long without being refused.
const acceptWait = 2000;

// LiveSubscription is one subscription that outlives its connection: when
// the server ends it (SLOW_CONSUMER, SHUTTING_DOWN, UNAVAILABLE) or the
// connection drops, it subscribes again after a backoff with the cursor of
// the last event it saw as `after`, so it misses nothing in between. The
// operation must declare `$after: String` and pass it to its field, whose
// events carry a `cursor`.
class LiveSubscription {
  constructor(query, variables, { onEvent, onStatus }) {
    Object.assign(this, { query, variables, onEvent, onStatus });
    this.cursor = undefined;
    this.missed = false; // events may have been missed: reload once live
    this.attempt = 0;
    this.state = '';
    this.start();
  }

  start() {
    this.ended = false;
    const variables = this.cursor === undefined ? this.variables : { ...this.variables, after: this.cursor };
    this.stable = setTimeout(() => { this.attempt = 0; }, retryStable);
    this.unsubscribe = client().subscribe({ query: this.query, variables }, {
      next: (result) => this.next(result),
      error: (err) => this.failed(err),
      complete: () => this.failed(null),
    });
    if (this.state !== 'reconnecting') this.setState('connecting');
    // On a connection that is already up, the subscribe reaches a server
    // that may refuse it: live only once it is accepted, else the status
    // flickers to live on every retry during an outage.
    if (connected) this.accepting = setTimeout(() => this.connected(), acceptWait);
  }

  next(result) {
    const field = result.data && Object.values(result.data)[0];
    if (field && field.cursor) {
      this.cursor = field.cursor;
      this.connected();
      this.onEvent();
      return;
    }
    const code = result.errors && result.errors[0] && result.errors[0].extensions && result.errors[0].extensions.code;
    this.lastError = code || 'ERROR';
    if (code === 'CURSOR_EXPIRED') {
      // The cursor fell out of retention: start from now, and reload once
      // live again, since what happened in between is unknown.
      this.cursor = undefined;
      this.missed = true;
    }
    if (fatalErrorCodes.has(code)) this.fatal = code;
  }

  // failed handles the end of the subscription: complete (err null, after an
  // error event or not) or error (a close event, a connection error, or the
  // GraphQL errors of a refused operation).
  failed(err) {
    clearTimeout(this.stable);
    clearTimeout(this.accepting);
    if (this.ended) return;
    this.ended = true;
    let reason = this.lastError;
    if (err && typeof err.code === 'number') {
      reason = 'closed ' + err.code;
      if (fatalCloseCodes.has(err.code)) this.fatal = reason;
    } else if (Array.isArray(err)) {
      reason = (err[0] && err[0].extensions && err[0].extensions.code) || 'ERROR';
      this.fatal = reason;
    } else if (err) {
      reason = 'connection lost';
    }
    this.lastError = undefined;
    if (this.fatal) {
      console.warn('live updates stopped:', this.fatal, err);
      this.setState('off', this.fatal);
      return;
    }
    const delay = Math.min(retryMax, retryMin * 2 ** this.attempt) * (0.75 + Math.random() / 2);
    this.attempt++;
    if (this.cursor === undefined) this.missed = true;
    this.setState('reconnecting', reason || 'ended by the server');
    this.retry = setTimeout(() => this.start(), delay);
  }

  // connected is called when the page's connection is (again) up.
  connected() {
    clearTimeout(this.accepting);
    if (this.ended || this.state === 'live') return;
    this.setState('live');
    if (this.missed) {
      this.missed = false;
      this.onEvent();
    }
  }

  restart() {
    if (this.state !== 'off' && !this.ended) return;
    this.stop();
    this.fatal = undefined;
    this.attempt = 0;
    this.start();
  }

  setState(state, reason) {
    this.state = state;
    this.onStatus(state, reason);
  }

  stop() {
    clearTimeout(this.retry);
    clearTimeout(this.stable);
    clearTimeout(this.accepting);
    this.ended = true;
    if (this.unsubscribe) this.unsubscribe();
  }
}

// subscribe follows a subscription over the page's live connection: onEvent
// is called for each event (and once after a reconnect that may have missed
// events), onStatus(state, reason) with 'connecting', 'live', 'reconnecting'
// (while it waits to subscribe again) or 'off' (it gave up: the key, the
// operation). It returns a function that ends it.
export function subscribe(query, variables, { onEvent, onStatus = () => {} }) {
  const s = new LiveSubscription(query, variables, { onEvent, onStatus });
  liveSubscriptions.add(s);
  return () => {
    liveSubscriptions.delete(s);
    s.stop();
  };
}

const catalogQuery = `query ExplorerCatalog {
  stages { key name order }
  touchpointTypes { key name category }
}`;

let catalogPromise = null;

// catalog returns the stages and touchpoint types the controls offer; it is
// asked once per page load (a failed answer is asked again next time).
export function catalog(signal) {
  if (!catalogPromise) {
    catalogPromise = graphql(catalogQuery, {}, signal).catch((err) => {
      catalogPromise = null;
      throw err;
    });
  }
  return catalogPromise;
}
