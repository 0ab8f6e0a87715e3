// The official @rails/actioncable client (6.1.3, the version Chatwoot pins), in Node with `ws` as
// its WebSocket, against a running fakewoot:
//
//   node cable_flow.mjs BASE_URL
//
// Signs a new user up over HTTP, subscribes to RoomChannel with that user's pubsub token, creates
// a contact over HTTP and waits for `contact.created` (id and account_id), performs
// `update_presence` and waits for `presence.update`, and checks a bad token stays unconfirmed.
// Prints one JSON line {"ok": true, ...} and exits 0, or exits non-zero with the reason.

import assert from "node:assert/strict";
import { createRequire } from "node:module";

import WebSocket from "ws";

const require = createRequire(import.meta.url);
globalThis.window = globalThis;  // the 6.1 UMD bundle reads self/window/document for defaults
globalThis.self = globalThis;
globalThis.document = { visibilityState: "visible", addEventListener() {}, removeEventListener() {} };
globalThis.addEventListener = () => {};
globalThis.removeEventListener = () => {};
const ActionCable = require("@rails/actioncable");
ActionCable.adapters.WebSocket = WebSocket;
ActionCable.adapters.logger = console;

const [baseUrl] = process.argv.slice(2);
const wsUrl = baseUrl.replace(/^http/, "ws") + "/cable";
const deadline = (ms, what) => new Promise((_, reject) => setTimeout(() => reject(new Error(`timeout: ${what}`)), ms));

const signup = await fetch(`${baseUrl}/api/v1/accounts`, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ account_name: "Cable Co", user_full_name: "Cara", email: `cara${Date.now()}@cable.test`,
                         password: "Password1!" }),
});
assert.equal(signup.status, 200);
const user = (await signup.json()).data;
const session = { "access-token": signup.headers.get("access-token"), client: signup.headers.get("client"),
                  uid: signup.headers.get("uid") };

const consumer = ActionCable.createConsumer(wsUrl);
const received = [];
let confirmed = false;
let waiters = [];
const waitFor = (predicate, what) => Promise.race([
  new Promise((resolve) => {
    const hit = received.find(predicate);
    if (hit) return resolve(hit);
    waiters.push({ predicate, resolve });
  }),
  deadline(3000, what),
]);
const subscription = consumer.subscriptions.create(
  { channel: "RoomChannel", pubsub_token: user.pubsub_token, account_id: user.account_id, user_id: user.id },
  {
    connected() { confirmed = true; },
    received(message) {
      received.push(message);
      waiters = waiters.filter((w) => (w.predicate(message) ? (w.resolve(message), false) : true));
    },
  },
);
await Promise.race([
  new Promise((resolve) => { const t = setInterval(() => { if (confirmed) { clearInterval(t); resolve(); } }, 20); }),
  deadline(3000, "confirm_subscription"),
]);
await waitFor((m) => m.event === "presence.update", "presence.update on subscribe");

const created = await fetch(`${baseUrl}/api/v1/accounts/${user.account_id}/contacts`, {
  method: "POST",
  headers: { "content-type": "application/json", ...session },
  body: JSON.stringify({ name: "Over HTTP", email: "http@cable.test" }),
});
assert.equal(created.status, 200);
const contactId = (await created.json()).payload.contact.id;
const event = await waitFor((m) => m.event === "contact.created", "contact.created");
assert.equal(event.data.id, contactId);
assert.equal(event.data.account_id, user.account_id);

const before = received.filter((m) => m.event === "presence.update").length;
subscription.perform("update_presence");
await waitFor((m) => m.event === "presence.update" && received.filter((x) => x.event === "presence.update").length > before,
              "presence.update after update_presence");

let badConfirmed = false;
consumer.subscriptions.create({ channel: "RoomChannel", pubsub_token: "not-a-token", account_id: 1, user_id: 1 },
                              { connected() { badConfirmed = true; } });
await new Promise((resolve) => setTimeout(resolve, 700));
assert.equal(badConfirmed, false);

consumer.disconnect();
console.log(JSON.stringify({ ok: true, contact: contactId, events: received.map((m) => m.event) }));
process.exit(0);
