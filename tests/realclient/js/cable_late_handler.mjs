// The official @rails/actioncable client (6.1.3) in Node, with its subscription's `received`
// handler installed only once `connected()` (the confirmation) has run and an await has passed:
//
//   node cable_late_handler.mjs BASE_URL PUBSUB_TOKEN ACCOUNT_ID USER_ID API_ACCESS_TOKEN
//
// A frame that arrives before the handler is there is dropped by the client (it only calls the
// callbacks a subscription has). Rails broadcasts through its pubsub adapter, so presence.update
// lands a moment after the confirmation and still reaches the handler; then a contact created over
// HTTP brings contact.created. Prints one JSON line {"ok": true, "events": [...]} and exits 0.

import assert from "node:assert/strict";
import { createRequire } from "node:module";

import WebSocket from "ws";

const require = createRequire(import.meta.url);
globalThis.window = globalThis;
globalThis.self = globalThis;
globalThis.document = { visibilityState: "visible", addEventListener() {}, removeEventListener() {} };
globalThis.addEventListener = () => {};
globalThis.removeEventListener = () => {};
const ActionCable = require("@rails/actioncable");
ActionCable.adapters.WebSocket = WebSocket;

const [baseUrl, pubsubToken, accountId, userId, apiToken] = process.argv.slice(2);
const wsUrl = baseUrl.replace(/^http/, "ws") + "/cable";
const deadline = (ms, what) => new Promise((_, reject) => setTimeout(() => reject(new Error(`timeout: ${what}`)), ms));

const consumer = ActionCable.createConsumer(wsUrl);
let confirmed;
const confirmation = new Promise((resolve) => { confirmed = resolve; });
const subscription = consumer.subscriptions.create(
  { channel: "RoomChannel", pubsub_token: pubsubToken, account_id: Number(accountId), user_id: Number(userId) },
  { connected() { confirmed(); } },  // no `received` yet
);
await Promise.race([confirmation, deadline(3000, "confirm_subscription")]);

const received = [];
let waiters = [];
subscription.received = (message) => {  // the handler, installed after the confirmation
  received.push(message);
  waiters = waiters.filter((w) => (w.predicate(message) ? (w.resolve(message), false) : true));
};
const waitFor = (predicate, what) => Promise.race([
  new Promise((resolve) => {
    const hit = received.find(predicate);
    if (hit) return resolve(hit);
    waiters.push({ predicate, resolve });
  }),
  deadline(3000, what),
]);
await waitFor((m) => m.event === "presence.update", "presence.update after the confirmation");

const created = await fetch(`${baseUrl}/api/v1/accounts/${accountId}/contacts`, {
  method: "POST",
  headers: { "content-type": "application/json", api_access_token: apiToken },
  body: JSON.stringify({ name: "Late Handler", email: `late${Date.now()}@cable.test` }),
});
assert.equal(created.status, 200);
await waitFor((m) => m.event === "contact.created", "contact.created");
consumer.disconnect();
console.log(JSON.stringify({ ok: true, events: received.map((m) => m.event) }));
process.exit(0);
