// A realistic contacts flow through the third-party npm client @figuro/chatwoot-sdk (pinned in
// package.json / package-lock.json beside this file), against a running fakewoot.
//
//   node contacts_flow.mjs BASE_URL API_ACCESS_TOKEN ACCOUNT_ID
//
// Run by tests/realclient/test_chatwoot_clients.py against an account that starts with no contacts.
// Exits 0 and prints one JSON line {"ok": true, ...} when every step behaved; an assertion failure
// or an unexpected client error exits non-zero with the reason on stderr.
//
// The client has no methods for contact labels or notes; those two steps go through the client's
// own request layer (dist/core/request.js: same auth headers, URL building and ApiError mapping).

import assert from "node:assert/strict";

import sdk from "@figuro/chatwoot-sdk";
import requestModule from "@figuro/chatwoot-sdk/dist/core/request.js";

const ChatwootClient = sdk.default;
const { ApiError } = sdk;
const { request } = requestModule;

const [baseUrl, token, accountArg] = process.argv.slice(2);
if (!baseUrl || !token || !accountArg) {
  console.error("usage: node contacts_flow.mjs BASE_URL API_ACCESS_TOKEN ACCOUNT_ID");
  process.exit(2);
}
const accountId = Number(accountArg);
const config = { basePath: baseUrl, with_credentials: false, credentials: "omit", token };
const client = new ChatwootClient({ config });

async function apiError(promise) {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ApiError, `expected ApiError, got ${error}`);
    return error;
  }
  assert.fail("expected the request to fail");
}

// An API-channel inbox (the client posts to .../inboxes/ with a trailing slash).
const inbox = await client.inboxes.create({
  accountId,
  data: { name: "JS client inbox", channel: { type: "api" } },
});
assert.equal(inbox.channel_type, "Channel::Api");
assert.equal(inbox.name, "JS client inbox");

// 17 contacts with e-mails and E.164 phones; the first one has custom attributes.
const ids = [];
for (let i = 0; i < 17; i++) {
  const n = String(i).padStart(2, "0");
  const data = {
    inbox_id: inbox.id,
    name: `JS Person ${n}`,
    email: `js.person${n}@example.com`,
    phone_number: `+1415555${String(i).padStart(4, "0")}`,
  };
  if (i === 0) data.custom_attributes = { plan: "gold", seats: 3 };
  const created = await client.contacts.create({ accountId, data });
  assert.equal(created.payload.contact.email, data.email);
  assert.equal(created.payload.contact.phone_number, data.phone_number);
  assert.equal(created.payload.contact_inbox.inbox.id, inbox.id);
  assert.equal(typeof created.payload.contact_inbox.source_id, "string");
  ids.push(created.payload.contact.id);
}
const [first, second] = ids;
const last = ids[16];

// Pages of 15 + 2; meta.current_page echoes the query-string value, a string, as Chatwoot does.
const page1 = await client.contacts.list({ accountId, page: 1 });
const page2 = await client.contacts.list({ accountId, page: 2 });
assert.equal(page1.payload.length, 15);
assert.equal(page2.payload.length, 2);
assert.deepEqual(page1.meta, { count: 17, current_page: "1" });
assert.deepEqual(page2.meta, { count: 17, current_page: "2" });
assert.deepEqual(
  [...page1.payload, ...page2.payload].map((c) => c.id).sort((a, b) => a - b),
  [...ids].sort((a, b) => a - b),
);

// Search: meta.count is the total (no has_more upstream through v4.10).
const found = await client.contacts.search({ accountId, q: "js.person0" });
assert.equal(found.payload.length, 10);
assert.deepEqual(found.meta, { count: 10, current_page: "1" });

// Two-condition filter: e-mail contains "person1" AND name is not "JS Person 16".
const filtered = await client.contacts.filter({
  accountId,
  payload: [
    { attribute_key: "email", filter_operator: "contains", values: ["person1"], query_operator: "AND" },
    { attribute_key: "name", filter_operator: "not_equal_to", values: ["JS Person 16"] },
  ],
});
assert.equal(filtered.meta.count, 6);
assert.deepEqual(
  filtered.payload.map((c) => c.email).sort(),
  [10, 11, 12, 13, 14, 15].map((i) => `js.person${i}@example.com`),
);

// Labels (replace the list) and a note, through the client's request layer.
const labels = await request(config, {
  method: "POST",
  url: "/api/v1/accounts/{account_id}/contacts/{id}/labels",
  path: { account_id: accountId, id: first },
  body: { labels: ["vip", "billing"] },
});
assert.deepEqual([...labels.payload].sort(), ["billing", "vip"]);
const listedLabels = await request(config, {
  method: "GET",
  url: "/api/v1/accounts/{account_id}/contacts/{id}/labels",
  path: { account_id: accountId, id: first },
});
assert.deepEqual([...listedLabels.payload].sort(), ["billing", "vip"]);
const note = await request(config, {
  method: "POST",
  url: "/api/v1/accounts/{account_id}/contacts/{id}/notes",
  path: { account_id: accountId, id: first },
  body: { content: "Called about the renewal." },
});
assert.equal(note.content, "Called about the renewal.");
assert.equal(typeof note.id, "number");

// A contact inbox on the account's seeded API inbox (id 1).
const contactInbox = await client.contact.create({ accountId, id: second, data: { inbox_id: 1 } });
assert.equal(contactInbox.inbox.id, 1);
assert.equal(typeof contactInbox.source_id, "string");
const contactable = await client.contact.getContactable({ accountId, id: second });
assert.deepEqual(contactable.payload.map((item) => item.inbox.id).sort(), [1, inbox.id].sort());

// Update custom attributes: shallow merge (the client sends PUT).
const updated = await client.contacts.update({
  accountId,
  id: first,
  data: { custom_attributes: { seats: 5, region: "eu" } },
});
assert.deepEqual(updated.payload.custom_attributes, { plan: "gold", seats: 5, region: "eu" });
const shown = await client.contacts.get({ accountId, id: first });
assert.deepEqual(shown.payload.custom_attributes, { plan: "gold", seats: 5, region: "eu" });

// A duplicate e-mail (uniqueness is case-insensitive) is a 422 ApiError carrying Chatwoot's body.
const duplicate = await apiError(
  client.contacts.create({
    accountId,
    data: { inbox_id: inbox.id, name: "Dup", email: "JS.Person00@example.com" },
  }),
);
assert.equal(duplicate.status, 422);
assert.deepEqual(duplicate.body, { message: "Email has already been taken", attributes: ["email"] });

// Delete, then the contact is gone.
await client.contacts.delete({ accountId, id: last });
const gone = await apiError(client.contacts.get({ accountId, id: last }));
assert.equal(gone.status, 404);
assert.deepEqual(gone.body, { error: "Resource could not be found" });
assert.equal(gone.message, "Contact not found");
const afterDelete = await client.contacts.list({ accountId, page: 2 });
assert.equal(afterDelete.meta.count, 16);
assert.equal(afterDelete.payload.length, 1);

console.log(JSON.stringify({ ok: true, inbox: inbox.id, contacts: ids.length }));
