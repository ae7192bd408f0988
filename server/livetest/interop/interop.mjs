// Drives the real server with the reference clients graphql-ws (GraphQL over
// WebSocket, graphql-transport-ws) and graphql-sse (distinct connections).
// Run by server/live_interop_test.go with ADDR, READER_KEY and WRITER_KEY;
// prints one JSON object with what the clients saw, which the Go test checks.
import { createClient as createWsClient } from 'graphql-ws';
import { createClient as createSseClient } from 'graphql-sse';
import WebSocket from 'ws';

const { ADDR, READER_KEY, WRITER_KEY } = process.env;
const auth = (key) => `Bearer ${key}`;
const TOUCHPOINTS = `subscription($after: String) {
  touchpointRecorded(after: $after) { cursor touchpoint { id type { key } account { id } } } }`;
const STAGES = `subscription { stageChanged(filter: { stages: ["mql"] }) { cursor toStage { key } fromStage { key } account { id } } }`;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function post(query, variables) {
  const res = await fetch(`http://${ADDR}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: auth(WRITER_KEY) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

// collect subscribes and gathers n results (or times out). Events of globex
// are the readiness probes below: they are not gathered, but mark the
// subscription live in `live`.
function collect(client, query, variables, n, live = {}) {
  const got = [];
  return new Promise((resolve) => {
    const timer = setTimeout(() => { dispose(); resolve({ got, error: 'timeout' }); }, 60000);
    const dispose = client.subscribe({ query, variables }, {
      next: (v) => {
        const account = v.data?.touchpointRecorded?.touchpoint?.account?.id ?? v.data?.stageChanged?.account?.id;
        if (account === 'globex') { live.up = true; return; }
        got.push(v);
        if (got.length === n) { clearTimeout(timer); dispose(); resolve({ got }); }
      },
      error: (e) => { clearTimeout(timer); resolve({ got, error: String(e?.code ?? e?.message ?? JSON.stringify(e)) }); },
      complete: () => { clearTimeout(timer); resolve({ got, error: got.length < n ? 'complete' : undefined }); },
    });
  });
}

const touchpoint = (ext, minute, type) => ({ source: 'crm', externalId: ext, type, accountId: 'acme',
  occurredAt: `2026-03-01T09:${String(minute).padStart(2, '0')}:00Z` });
const RECORD = `mutation($in: [RecordTouchpointInput!]!) { recordTouchpoints(inputs: $in) { touchpoints { id } } }`;

const out = {};

// A wrong key: the server closes the socket with 4403 after connection_init.
out.wrongKeyClose = await new Promise((resolve) => {
  const client = createWsClient({
    url: `ws://${ADDR}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0,
    connectionParams: { Authorization: auth(READER_KEY + 'x') },
    on: { closed: (e) => resolve(e.code) },
  });
  client.subscribe({ query: TOUCHPOINTS }, { next() {}, error() {}, complete() {} });
});

const ws = createWsClient({ url: `ws://${ADDR}/graphql`, webSocketImpl: WebSocket, connectionParams: { Authorization: auth(READER_KEY) } });
const sse = createSseClient({ url: `http://${ADDR}/graphql`, headers: { Authorization: auth(READER_KEY) } });

const live = [{}, {}, {}];
const wsTouchpoints = collect(ws, TOUCHPOINTS, {}, 3, live[0]);
const sseTouchpoints = collect(sse, TOUCHPOINTS, {}, 3, live[1]);
const sseStages = collect(sse, STAGES, {}, 1, live[2]);
// A subscription without a cursor starts at the feed's head when the server
// gets to it, which a loaded machine can delay past any fixed wait: record
// probes on globex until every subscriber has seen one.
for (let k = 0; !live.every((l) => l.up); k++) {
  if (k === 40) throw new Error('the subscriptions never saw a probe');
  const at = (h) => `2026-02-01T${String(h).padStart(2, '0')}:00:00Z`;
  await post(RECORD, { in: [{ source: 'crm', externalId: `probe${k}`, type: 'demo', accountId: 'globex', occurredAt: at(k % 24) }] });
  for (const [stage, h] of [['lead', 0], ['mql', 1]]) {
    await post(`mutation($in: RecordStageChangeInput!) { recordStageChange(input: $in) { created } }`,
      { in: { accountId: 'globex', stage, at: `2026-01-${String(k + 1).padStart(2, '0')}T0${h}:00:00Z` } });
  }
  await sleep(500);
}

await post(RECORD, { in: [touchpoint('i1', 1, 'demo'), touchpoint('i2', 2, 'email_open')] });
await post(RECORD, { in: [touchpoint('i3', 3, 'demo')] });
for (const [stage, at] of [['lead', '2026-03-02T00:00:00Z'], ['mql', '2026-03-03T00:00:00Z']]) {
  await post(`mutation($in: RecordStageChangeInput!) { recordStageChange(input: $in) { created } }`,
    { in: { accountId: 'acme', stage, at } });
}
out.ws = await wsTouchpoints;
out.sse = await sseTouchpoints;
out.stages = await sseStages;

// Resume over each client from the first event's cursor: the other two.
const after = out.ws.got[0]?.data?.touchpointRecorded?.cursor;
out.wsResumed = await collect(ws, TOUCHPOINTS, { after }, 2);
out.sseResumed = await collect(sse, TOUCHPOINTS, { after }, 2);

// The README's graphql-ws example: the latest cursor in a getter, so that the
// client's own reconnect resumes from it. It starts after i3 (the first
// events were delivered), gets i4, then its socket drops and i5 is recorded
// meanwhile: it must get i5 once and i4 not again.
out.readme = await new Promise((resolve) => {
  let socket;
  const client = createWsClient({
    url: `ws://${ADDR}/graphql`, webSocketImpl: WebSocket, connectionParams: { Authorization: auth(READER_KEY) },
    retryAttempts: Infinity, retryWait: () => sleep(200), on: { connected: (s) => { socket = s; } },
  });
  let after = out.ws.got[2]?.data?.touchpointRecorded?.cursor;
  const got = [];
  const done = (error) => { clearTimeout(timer); client.dispose(); resolve({ got, error }); };
  const timer = setTimeout(() => done('timeout'), 20000);
  const variables = { get after() { return after; } };
  client.subscribe({ query: TOUCHPOINTS, variables }, {
    next: async (result) => {
      if (result.errors) { done(JSON.stringify(result.errors)); return; }
      after = result.data.touchpointRecorded.cursor;
      got.push(result);
      if (got.length === 1) {
        socket.close(4499, 'dropped by the test'); // not fatal: the client reconnects
        await post(RECORD, { in: [touchpoint('i5', 5, 'demo')] });
      } else if (got.length === 2) {
        setTimeout(() => done(), 1500); // anything more would be a duplicate
      }
    },
    error: (e) => done(String(e?.code ?? e?.message ?? JSON.stringify(e))),
    complete: () => {},
  });
  sleep(1000).then(() => post(RECORD, { in: [touchpoint('i4', 4, 'demo')] }));
});

await ws.dispose();
sse.dispose();
console.log(JSON.stringify(out));
