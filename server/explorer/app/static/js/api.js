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

function client() {
  if (!liveClient) {
    liveClient = createClient({
      url: location.origin.replace(/^http/, 'ws') + '/graphql',
      connectionParams: () => (apiKey() ? { Authorization: 'Bearer ' + apiKey() } : {}),
      // Moving from one account to the next keeps the connection.
      lazyCloseTimeout: 5000,
    });
  }
  return liveClient;
}

// A new key needs a new connection (the key goes in connection_init).
document.addEventListener('apikeychange', () => {
  if (liveClient) liveClient.dispose();
  liveClient = null;
});

// subscribe runs a subscription over the page's live connection and calls
// onNext with each event's data; it returns a function that ends it. A
// subscription that fails (the server serves none, the key lacks the role)
// ends quietly: views stay usable without live updates.
export function subscribe(query, variables, onNext) {
  return client().subscribe({ query, variables }, {
    next: (result) => { if (result.data) onNext(result.data); },
    error: (err) => console.warn('live updates stopped', err),
    complete: () => {},
  });
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
