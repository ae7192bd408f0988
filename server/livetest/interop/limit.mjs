// A key at its connection limit (the server runs with
// JOURNEYGRAPH_MAX_CONNECTIONS_PER_KEY=1): one graphql-ws client holds the
// slot; a second one, retrying as README's example does, is refused, retries,
// and subscribes once the first disposes. Run by
// server/live_interop_test.go; prints one JSON object.
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const { ADDR, READER_KEY, WRITER_KEY } = process.env;
const auth = (key) => `Bearer ${key}`;
const TOUCHPOINTS = `subscription { touchpointRecorded { cursor touchpoint { id } } }`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function until(what, ok, ms = 15000) {
  for (const end = Date.now() + ms; !ok(); await sleep(50)) {
    if (Date.now() > end) throw new Error(`timeout waiting for ${what}`);
  }
}

const out = { refusals: [], got: [] };
try {
  let holderUp = false;
  const holder = createClient({
    url: `ws://${ADDR}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0,
    connectionParams: { Authorization: auth(READER_KEY) },
    on: { connected: () => { holderUp = true; } },
  });
  holder.subscribe({ query: TOUCHPOINTS }, { next() {}, error() {}, complete() {} });
  await until('the first client to connect', () => holderUp);

  let waiterUp = false;
  let failed;
  const waiter = createClient({
    url: `ws://${ADDR}/graphql`, webSocketImpl: WebSocket,
    connectionParams: { Authorization: auth(READER_KEY) },
    retryAttempts: Infinity, retryWait: () => sleep(200),
    on: {
      connected: () => { waiterUp = true; },
      closed: (e) => { if (!waiterUp) out.refusals.push(e.code); },
    },
  });
  waiter.subscribe({ query: TOUCHPOINTS }, {
    next: (v) => out.got.push(v),
    error: (e) => { failed = String(e?.code ?? e?.message ?? JSON.stringify(e)); },
    complete() {},
  });
  await until('a refusal', () => out.refusals.length >= 2 || failed !== undefined);
  if (failed !== undefined) throw new Error(`gave up: ${failed}`);
  await holder.dispose();
  await until('the second client to connect', () => waiterUp || failed !== undefined);
  if (failed !== undefined) throw new Error(`gave up: ${failed}`);
  // Its subscription starts at the feed's head when the server gets to it:
  // record until it sees one (a loaded machine delays any fixed wait).
  for (let k = 1; out.got.length === 0 && failed === undefined; k++) {
    if (k === 40) throw new Error('no event reached the second client');
    const res = await fetch(`http://${ADDR}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: auth(WRITER_KEY) },
      body: JSON.stringify({
        query: 'mutation($in: [RecordTouchpointInput!]!) { recordTouchpoints(inputs: $in) { createdCount } }',
        variables: { in: [{ source: 'crm', externalId: `lim${k}`, type: 'demo', accountId: 'acme', occurredAt: `2026-03-02T09:${String(k).padStart(2, '0')}:00Z` }] },
      }),
    });
    const body = await res.json();
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    await sleep(500);
  }
  await sleep(300); // nothing more arrives
  if (failed !== undefined) throw new Error(`failed: ${failed}`);
  await waiter.dispose();
} catch (e) {
  out.error = e.message;
}
console.log(JSON.stringify(out));
process.exit(0);
