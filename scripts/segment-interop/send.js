// Sends one journey with a real Segment-spec client library to a JourneyGraph
// server, flushes, and exits (non-zero when the library reports a failure).
// Run by the interop test (server/segment_interop_test.go):
//   INTEROP_MODULES=.cache/segment-interop/node_modules SDK=segment|rudder \
//   HOST=http://127.0.0.1:PORT WRITE_KEY=... PREFIX=seg T0=<ISO time> node send.js
'use strict';
const path = require('path');

const { INTEROP_MODULES, SDK, HOST, WRITE_KEY, PREFIX, T0 } = process.env;
const t0 = new Date(T0);
const hours = (h) => new Date(t0.getTime() + h * 3600 * 1000);
const domain = `${PREFIX}-acme.example`;
const calls = [
  ['group', { userId: `${PREFIX}-ada`, groupId: `${PREFIX}-acme`, timestamp: hours(-3),
    traits: { name: `${PREFIX} Acme`, website: `https://www.${domain}`, industry: 'Software', employees: 40, plan: 'growth' } }],
  ['identify', { userId: `${PREFIX}-ada`, timestamp: hours(-3),
    traits: { email: `ada@${domain}`, name: 'Ada Lovelace', title: 'CTO' } }],
  ['page', { userId: `${PREFIX}-ada`, name: 'Pricing', timestamp: hours(0), properties: { path: '/pricing' } }],
  ['track', { userId: `${PREFIX}-ada`, event: 'Webinar Attended', timestamp: hours(1) }],
  ['track', { userId: `${PREFIX}-ada`, event: 'Demo Requested', timestamp: hours(2), properties: { revenue: 1200 } }],
  ['track', { userId: `${PREFIX}-ada`, event: 'Widget Spun', timestamp: hours(2.5) }],
  ['track', { anonymousId: `${PREFIX}-anon`, event: 'Email Opened', timestamp: hours(-1) }],
  ['identify', { userId: `${PREFIX}-carl`, anonymousId: `${PREFIX}-anon`, timestamp: hours(3),
    traits: { email: `carl@${domain}`, firstName: 'Carl', lastName: 'Gauss' } }],
];

function fail(err) {
  console.error(`${SDK}: ${err && err.stack ? err.stack : JSON.stringify(err)}`);
  process.exit(1);
}

async function segment() {
  const { Analytics } = require(path.join(INTEROP_MODULES, '@segment/analytics-node'));
  const client = new Analytics({ writeKey: WRITE_KEY, host: HOST, path: '/v1/batch', flushAt: 100, flushInterval: 60000, maxRetries: 2 });
  let failure;
  client.on('error', (e) => { failure = e; });
  for (const [method, params] of calls) client[method](params);
  await client.closeAndFlush({ timeout: 30000 });
  if (failure) fail(failure);
}

async function rudder() {
  const Analytics = require(path.join(INTEROP_MODULES, '@rudderstack/rudder-sdk-node'));
  const client = new Analytics(WRITE_KEY, { dataPlaneUrl: HOST, flushAt: 100, flushInterval: 60000, retryCount: 2, logLevel: 'error' });
  let failure;
  for (const [method, params] of calls) {
    client[method](params, (err) => { if (err) failure = err; });
  }
  await client.flush();
  if (failure) fail(failure);
}

(SDK === 'segment' ? segment() : SDK === 'rudder' ? rudder() : Promise.reject(new Error(`unknown SDK ${SDK}`)))
  .then(() => process.exit(0), fail);
