// Teams and canned responses through the third-party npm client @figuro/chatwoot-sdk (pinned in
// package.json / package-lock.json beside this file), against a running fakewoot.
//
//   node teams_canned_flow.mjs BASE_URL API_ACCESS_TOKEN ACCOUNT_ID AGENT_ID
//
// Run by tests/realclient/test_clients_issue13.py on an account with no teams and no canned
// responses. Exits 0 and prints one JSON line {"ok": true, ...} when every step behaved; an
// assertion failure or an unexpected client error exits non-zero with the reason on stderr.
//
// The client's four team-member methods build "/accounts/{account_id}/teams/{team_id}/team_members"
// without the "/api/v1" prefix (dist/services/Teams.js), a path Chatwoot does not route either:
// the flow asserts the 404 they get, and drives team members through the client's own request
// layer (dist/core/request.js: same auth header, URL building and ApiError mapping) at the real path.
// The client has no contact merge method.

import assert from "node:assert/strict";

import sdk from "@figuro/chatwoot-sdk";
import requestModule from "@figuro/chatwoot-sdk/dist/core/request.js";

const ChatwootClient = sdk.default;
const { ApiError } = sdk;
const { request } = requestModule;

const [baseUrl, token, accountArg, agentArg] = process.argv.slice(2);
if (!baseUrl || !token || !accountArg || !agentArg) {
  console.error("usage: node teams_canned_flow.mjs BASE_URL API_ACCESS_TOKEN ACCOUNT_ID AGENT_ID");
  process.exit(2);
}
const accountId = Number(accountArg);
const agentId = Number(agentArg);
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

// --- teams: create (the name is stored lower-cased), list, get, update, delete
const team = await client.teams.create({
  accountId,
  data: { name: "Billing Desk", description: "Invoices", allow_auto_assign: false },
});
assert.deepEqual(
  { name: team.name, description: team.description, allow_auto_assign: team.allow_auto_assign },
  { name: "billing desk", description: "Invoices", allow_auto_assign: false },
);
assert.equal(team.account_id, accountId);
assert.equal(team.is_member, false);
const teams = await client.teams.list({ accountId });
assert.deepEqual(
  teams.map((item) => item.id),
  [team.id],
);
const shown = await client.teams.get({ accountId, teamId: team.id });
assert.equal(shown.name, "billing desk");
const renamed = await client.teams.update({ accountId, teamId: team.id, data: { name: "Billing" } });
assert.equal(renamed.name, "billing");
assert.equal(renamed.description, "Invoices");
const duplicate = await apiError(client.teams.create({ accountId, data: { name: "BILLING" } }));
assert.equal(duplicate.status, 422);
assert.deepEqual(duplicate.body, {
  message: "Name has already been taken",
  attributes: ["name"],
});

// --- team members: the client's methods miss /api/v1 (404 on Chatwoot too); the real path works
const misrouted = await apiError(client.teams.listMembers({ accountId, teamId: team.id }));
assert.equal(misrouted.status, 404);
assert.equal(misrouted.url, `${baseUrl}/accounts/${accountId}/teams/${team.id}/team_members`);
const membersPath = "/api/v1/accounts/{account_id}/teams/{team_id}/team_members";
const path = { account_id: accountId, team_id: team.id };
const added = await request(config, { method: "POST", url: membersPath, path, body: { user_ids: [agentId] } });
assert.deepEqual(
  added.map((agent) => agent.id),
  [agentId],
);
const members = await request(config, { method: "GET", url: membersPath, path });
assert.deepEqual(
  members.map((agent) => agent.id),
  [agentId],
);
const member = await client.teams.get({ accountId, teamId: team.id });
assert.equal(member.is_member, false); // is_member is the caller's membership (an administrator)
await request(config, { method: "DELETE", url: membersPath, path, body: { user_ids: [agentId] } });
assert.deepEqual(await request(config, { method: "GET", url: membersPath, path }), []);

await client.teams.delete({ accountId, teamId: team.id });
const gone = await apiError(client.teams.get({ accountId, teamId: team.id }));
assert.equal(gone.status, 404);
assert.deepEqual(gone.body, { error: "Resource could not be found" });
assert.deepEqual(await client.teams.list({ accountId }), []);

// --- canned responses: create, list, update (PATCH), delete
const canned = await client.cannedResponses.create({
  accountId,
  data: { short_code: "thanks", content: "Thanks {{contact.name}}!" },
});
assert.deepEqual(
  { short_code: canned.short_code, content: canned.content, account_id: canned.account_id },
  { short_code: "thanks", content: "Thanks {{contact.name}}!", account_id: accountId },
);
assert.equal(typeof canned.id, "number");
const second = await client.cannedResponses.create({
  accountId,
  data: { short_code: "bye", content: "Goodbye" },
});
const listed = await client.cannedResponses.list({ accountId });
assert.deepEqual(
  listed.map((item) => item.id),
  [canned.id, second.id],
);
const edited = await client.cannedResponses.update({
  accountId,
  id: canned.id,
  data: { content: "Thank you!" },
});
assert.deepEqual({ short_code: edited.short_code, content: edited.content }, { short_code: "thanks", content: "Thank you!" });
const taken = await apiError(
  client.cannedResponses.create({ accountId, data: { short_code: "thanks", content: "Again" } }),
);
assert.equal(taken.status, 422);
await client.cannedResponses.delete({ accountId, id: second.id });
assert.deepEqual(
  (await client.cannedResponses.list({ accountId })).map((item) => item.id),
  [canned.id],
);

console.log(JSON.stringify({ ok: true, team: team.id, canned: [canned.id, second.id] }));
