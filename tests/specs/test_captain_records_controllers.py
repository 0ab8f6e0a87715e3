"""Port of spec/enterprise/controllers/api/v1/accounts/captain/{custom_tools,documents,copilot_threads,
copilot_messages,bulk_actions}_controller_spec.rb (v4.10), against the unlicensed standard image.

FactoryBot records are made over HTTP as an administrator; john (administrator) and jane (agent) of
the default fixtures play the spec's admin and agent. Where the spec sets the plan quota through the
CAPTAIN_CLOUD_PLAN_LIMITS installation config, the port sets the account's `limits` (the other
source Enterprise::Account::PlanUsageAndLimits reads) on the store, as the copilot spec does.
"""

from __future__ import annotations

from typing import Any

from tests.specs.ledger import ports
from tests.specs.support import ADMIN, AGENT, new_user, ok

P = "spec/enterprise/controllers/api/v1/accounts/captain/"
TOOLS_SPEC = P + "custom_tools_controller_spec.rb"
DOCS_SPEC = P + "documents_controller_spec.rb"
THREADS_SPEC = P + "copilot_threads_controller_spec.rb"
MESSAGES_SPEC = P + "copilot_messages_controller_spec.rb"
BULK_SPEC = P + "bulk_actions_controller_spec.rb"
SPEC = {s: s for s in (TOOLS_SPEC, DOCS_SPEC, THREADS_SPEC, MESSAGES_SPEC, BULK_SPEC)}
UPSTREAM_ITS = {TOOLS_SPEC: 20, DOCS_SPEC: 21, THREADS_SPEC: 8, MESSAGES_SPEC: 5, BULK_SPEC: 5}
SKIPPED: dict[str, dict[str, str]] = {s: {} for s in SPEC}
A = "/api/v1/accounts/1/captain"
_count = iter(range(1, 10_000))


def _assistant(http: Any) -> dict[str, Any]:
    n = next(_count)
    body = {"assistant": {"name": f"Assistant {n}", "description": "d"}}
    return ok(http.post(f"{A}/assistants", json=body, headers=ADMIN))


def _set_account(fake: Any, limits: dict[str, int], usage: dict[str, int] | None = None) -> None:
    """`account.limits = ...; account.custom_attributes = ...; account.save!` as the spec does."""
    account = fake.store.account(1)
    account.limits.update(limits)
    account.custom_attributes.update(usage or {})


# --- custom tools ----------------------------------------------------------------------------------

TOOLS = f"{A}/custom_tools"
T_INDEX = "GET /api/v1/accounts/{account.id}/captain/custom_tools"
T_SHOW = "GET /api/v1/accounts/{account.id}/captain/custom_tools/{id}"
T_CREATE = "POST /api/v1/accounts/{account.id}/captain/custom_tools"
T_UPDATE = "PATCH /api/v1/accounts/{account.id}/captain/custom_tools/{id}"
T_DESTROY = "DELETE /api/v1/accounts/{account.id}/captain/custom_tools/{id}"
UNAUTH = " > when it is an un-authenticated user > returns unauthorized status"
AGENT_401 = " > when it is an agent > returns unauthorized status"
VALID_TOOL = {
    "title": "Fetch Order Status",
    "description": "Fetches order status from external API",
    "endpoint_url": "https://api.example.com/orders/{{ order_id }}",
    "http_method": "GET",
    "enabled": True,
    "param_schema": [{"name": "order_id", "type": "string", "description": "The order ID", "required": True}],
}


def _tool(http: Any, **fields: Any) -> dict[str, Any]:
    """The captain_custom_tool factory."""
    body = {
        "title": f"Custom Tool {next(_count)}",
        "description": "A custom HTTP tool for external API integration",
        "endpoint_url": "https://api.example.com/endpoint",
        **fields,
    }
    return ok(http.post(TOOLS, json={"custom_tool": body}, headers=ADMIN))


def _tool_titles(http: Any) -> list[str]:
    return [t["title"] for t in ok(http.get(TOOLS, headers=ADMIN))["payload"]]


@ports(
    T_INDEX + UNAUTH,
    T_SHOW + UNAUTH,
    T_CREATE + UNAUTH,
    T_UPDATE + UNAUTH,
    T_DESTROY + UNAUTH,
    spec=TOOLS_SPEC,
)
def test_custom_tools_refuse_unauthenticated_calls(http):
    one = f"{TOOLS}/{_tool(http, title='Kept')['id']}"
    form = {"custom_tool[title]": "Updated Tool Title", "custom_tool[enabled]": "false"}
    for method, url, data in (
        ("GET", TOOLS, None),
        ("GET", one, None),
        ("POST", TOOLS, {"custom_tool[title]": "x", "custom_tool[endpoint_url]": "https://a.example.com"}),
        ("PATCH", one, form),
        ("DELETE", one, None),
    ):
        assert http.request(method, url, data=data).status_code == 401, (method, url)
    assert _tool_titles(http) == ["Kept"]


@ports(
    T_INDEX + " > when it is an agent > returns success status",
    T_INDEX + " > when it is an admin > returns success status and custom tools",
    spec=TOOLS_SPEC,
)
def test_members_list_the_custom_tools(http):
    for _ in range(3):
        _tool(http)
    assert len(ok(http.get(TOOLS, headers=AGENT))["payload"]) == 3
    for _ in range(2):
        _tool(http)
    assert len(ok(http.get(TOOLS, headers=ADMIN))["payload"]) == 5


@ports(T_INDEX + " > when it is an admin > returns only enabled custom tools", spec=TOOLS_SPEC)
def test_the_index_lists_enabled_custom_tools_only(http):
    _tool(http, enabled=True)
    _tool(http, enabled=False)
    listed = ok(http.get(TOOLS, headers=ADMIN))["payload"]
    assert len(listed) == 1 and listed[0]["enabled"] is True


@ports(
    T_SHOW + " > when it is an agent > returns success status and custom tool",
    T_SHOW + " > when custom tool does not exist > returns not found status",
    spec=TOOLS_SPEC,
)
def test_an_agent_shows_a_custom_tool(http):
    tool = _tool(http)
    shown = ok(http.get(f"{TOOLS}/{tool['id']}", headers=AGENT))
    assert (shown["id"], shown["title"]) == (tool["id"], tool["title"])
    assert http.get(f"{TOOLS}/999999", headers=AGENT).status_code == 404


@ports(T_CREATE + AGENT_401, T_UPDATE + AGENT_401, T_DESTROY + AGENT_401, spec=TOOLS_SPEC)
def test_agents_may_not_write_custom_tools(http):
    one = f"{TOOLS}/{_tool(http, title='Kept')['id']}"
    assert http.post(TOOLS, json={"custom_tool": VALID_TOOL}, headers=AGENT).status_code == 401
    assert http.patch(one, json={"custom_tool": {"title": "x"}}, headers=AGENT).status_code == 401
    assert http.delete(one, headers=AGENT).status_code == 401
    assert _tool_titles(http) == ["Kept"]


@ports(
    T_CREATE + " > when it is an admin > creates a new custom tool and returns success status",
    spec=TOOLS_SPEC,
)
def test_an_admin_creates_a_custom_tool(http):
    created = ok(http.post(TOOLS, json={"custom_tool": VALID_TOOL}, headers=ADMIN))
    assert (created["title"], created["description"], created["enabled"]) == (
        "Fetch Order Status",
        "Fetches order status from external API",
        True,
    )
    assert created["slug"] == "custom_fetch_order_status"
    assert created["param_schema"] == VALID_TOOL["param_schema"]


@ports(
    T_CREATE + " > when it is an admin > with invalid parameters > returns unprocessable entity status",
    T_CREATE + " > when it is an admin > with invalid endpoint URL > returns unprocessable entity status",
    spec=TOOLS_SPEC,
)
def test_invalid_custom_tools_are_refused(http):
    blank = {"custom_tool": {"title": "", "endpoint_url": ""}}
    assert http.post(TOOLS, json=blank, headers=ADMIN).status_code == 422
    local = {
        "custom_tool": {"title": "Test Tool", "endpoint_url": "http://localhost/api", "http_method": "GET"}
    }
    assert http.post(TOOLS, json=local, headers=ADMIN).status_code == 422
    assert _tool_titles(http) == []


@ports(
    T_UPDATE + " > when it is an admin > updates the custom tool and returns success status",
    T_UPDATE + " > when it is an admin > with invalid parameters > returns unprocessable entity status",
    spec=TOOLS_SPEC,
)
def test_an_admin_updates_a_custom_tool(http):
    one = f"{TOOLS}/{_tool(http)['id']}"
    updated = ok(
        http.patch(
            one, json={"custom_tool": {"title": "Updated Tool Title", "enabled": False}}, headers=ADMIN
        )
    )
    assert (updated["title"], updated["enabled"]) == ("Updated Tool Title", False)
    assert http.patch(one, json={"custom_tool": {"title": ""}}, headers=ADMIN).status_code == 422
    assert ok(http.get(one, headers=ADMIN))["title"] == "Updated Tool Title"


@ports(
    T_DESTROY + " > when it is an admin > deletes the custom tool and returns no content status",
    T_DESTROY + " > when it is an admin > when custom tool does not exist > returns not found status",
    spec=TOOLS_SPEC,
)
def test_an_admin_deletes_a_custom_tool(http):
    one = f"{TOOLS}/{_tool(http)['id']}"
    assert http.delete(f"{TOOLS}/999999", headers=ADMIN).status_code == 404
    assert http.delete(one, headers=ADMIN).status_code == 204
    assert _tool_titles(http) == []


# --- documents -------------------------------------------------------------------------------------

DOCS = f"{A}/documents"
D_INDEX = "GET /api/v1/accounts/:account_id/captain/documents"
D_SHOW = "GET /api/v1/accounts/:account_id/captain/documents/:id"
D_CREATE = "POST /api/v1/accounts/:account_id/captain/documents"
D_DESTROY = "DELETE /api/v1/accounts/:account_id/captain/documents/:id"
D_AGENT = " > when it is an agent > "


def _document(
    http: Any, assistant_id: int, account_id: int = 1, headers: dict[str, str] = ADMIN
) -> dict[str, Any]:
    """The captain_document factory: a name and a unique link."""
    n = next(_count)
    body = {
        "name": f"file-{n}.txt",
        "external_link": f"https://docs.example.com/{n}",
        "assistant_id": assistant_id,
    }
    url = f"/api/v1/accounts/{account_id}/captain/documents"
    return ok(http.post(url, json={"document": body}, headers=headers))


def _documents(http: Any, assistant_id: int, count: int) -> None:
    for _ in range(count):
        _document(http, assistant_id)


def _doc_total(http: Any) -> int:
    return int(ok(http.get(DOCS, headers=ADMIN))["meta"]["total_count"])


@ports(
    D_INDEX + " > when it is an un-authenticated user > returns unauthorized status",
    D_SHOW + " > when it is an un-authenticated user > returns unauthorized status",
    D_CREATE + " > when it is an un-authenticated user > returns unauthorized status",
    D_DESTROY + " > when it is an un-authenticated user > returns unauthorized status",
    spec=DOCS_SPEC,
)
def test_documents_refuse_unauthenticated_calls(http):
    assistant = _assistant(http)
    one = f"{DOCS}/{_document(http, assistant['id'])['id']}"
    body = {
        "document": {
            "name": "Test Document",
            "external_link": "https://example.com/doc",
            "assistant_id": assistant["id"],
        }
    }
    for method, url, payload in (
        ("GET", DOCS, None),
        ("GET", one, None),
        ("POST", DOCS, body),
        ("DELETE", one, None),
    ):
        assert http.request(method, url, json=payload).status_code == 401, (method, url)
    assert _doc_total(http) == 1


@ports(
    D_INDEX + D_AGENT + "when no filters are applied > returns the first page of documents",
    D_INDEX + D_AGENT + "when no filters are applied > returns the second page of documents",
    spec=DOCS_SPEC,
)
def test_documents_are_paged_25_at_a_time(http):
    _documents(http, _assistant(http)["id"], 30)
    first = ok(http.request("GET", DOCS, json={}, headers=AGENT))
    assert (len(first["payload"]), first["meta"]) == (25, {"page": 1, "total_count": 30})
    second = ok(http.request("GET", DOCS, json={"page": 2}, headers=AGENT))
    assert (len(second["payload"]), second["meta"]) == (5, {"page": 2, "total_count": 30})


@ports(
    D_INDEX + D_AGENT + "when filtering by assistant_id > returns only documents for the specified assistant",
    D_INDEX
    + D_AGENT
    + "when filtering by assistant_id > returns empty array when assistant has no documents",
    spec=DOCS_SPEC,
)
def test_documents_filtered_by_assistant(http):
    assistant, assistant2 = _assistant(http), _assistant(http)
    _documents(http, assistant["id"], 3)
    _documents(http, assistant2["id"], 2)
    listed = ok(http.request("GET", DOCS, json={"assistant_id": assistant["id"]}, headers=AGENT))["payload"]
    assert len(listed) == 3 and listed[0]["assistant"]["id"] == assistant["id"]
    empty = ok(http.request("GET", DOCS, json={"assistant_id": _assistant(http)["id"]}, headers=AGENT))
    assert empty["payload"] == []


@ports(
    D_INDEX
    + D_AGENT
    + "when documents belong to different accounts > only returns documents for the current account",
    spec=DOCS_SPEC,
)
def test_documents_of_other_accounts_are_not_listed(http):
    _documents(http, _assistant(http)["id"], 3)
    other_admin = new_user(http, account_id=2, role="administrator")["headers"]
    body = {"assistant": {"name": "Elsewhere", "description": "d"}}
    elsewhere = ok(http.post("/api/v1/accounts/2/captain/assistants", json=body, headers=other_admin))
    for _ in range(2):
        _document(http, elsewhere["id"], account_id=2, headers=other_admin)
    listed = ok(http.get(DOCS, headers=AGENT))["payload"]
    assert len(listed) == 3
    assert {d["account_id"] for d in listed} == {1}


@ports(
    D_INDEX
    + D_AGENT
    + "with pagination and assistant filter combined > returns paginated results for specific assistant",
    spec=DOCS_SPEC,
)
def test_documents_paged_and_filtered(http):
    assistant, assistant2 = _assistant(http), _assistant(http)
    _documents(http, assistant["id"], 30)
    _documents(http, assistant2["id"], 10)
    page = ok(http.request("GET", DOCS, json={"assistant_id": assistant["id"], "page": 2}, headers=AGENT))
    assert len(page["payload"]) == 5 and page["payload"][0]["assistant"]["id"] == assistant["id"]
    assert page["meta"] == {"page": 2, "total_count": 30}


@ports(
    D_SHOW + D_AGENT + "returns success status",
    D_SHOW + D_AGENT + "returns the requested document",
    spec=DOCS_SPEC,
)
def test_an_agent_shows_a_document(http):
    document = _document(http, _assistant(http)["id"])
    shown = ok(http.get(f"{DOCS}/{document['id']}", headers=AGENT))
    assert (shown["id"], shown["name"], shown["external_link"]) == (
        document["id"],
        document["name"],
        document["external_link"],
    )


D_ADMIN = " > when it is an admin > "


@ports(
    D_CREATE + " > when it is an agent > returns unauthorized",
    D_CREATE + D_ADMIN + "with valid parameters > creates a new document",
    D_CREATE + D_ADMIN + "with valid parameters > returns success status and the created document",
    D_CREATE + D_ADMIN + "with invalid parameters > returns unprocessable entity status",
    spec=DOCS_SPEC,
)
def test_an_admin_creates_a_document_and_an_agent_may_not(http):
    assistant = _assistant(http)
    body = {
        "name": "Test Document",
        "external_link": "https://example.com/doc",
        "assistant_id": assistant["id"],
    }
    assert http.post(DOCS, json={"document": body}, headers=AGENT).status_code == 401
    assert _doc_total(http) == 0
    created = ok(http.post(DOCS, json={"document": body}, headers=ADMIN))
    assert (created["name"], created["external_link"]) == ("Test Document", "https://example.com/doc")
    assert _doc_total(http) == 1
    no_assistant = {"document": {"name": "Test Document", "external_link": "https://example.com/doc"}}
    assert http.post(DOCS, json=no_assistant, headers=ADMIN).status_code == 422
    assert _doc_total(http) == 1


@ports(D_CREATE + D_ADMIN + "with limits exceeded > returns an error", spec=DOCS_SPEC)
def test_the_document_quota_refuses_creates(http, fake):
    assistant = _assistant(http)
    _documents(http, assistant["id"], 5)
    _set_account(fake, {"captain_documents": 1})
    body = {
        "document": {
            "name": "Test Document",
            "external_link": "https://example.com/doc",
            "assistant_id": assistant["id"],
        }
    }
    assert http.post(DOCS, json=body, headers=ADMIN).status_code == 422
    assert _doc_total(http) == 5


@ports(
    D_DESTROY + " > when it is an agent > deletes the document",
    D_DESTROY + D_ADMIN + "when document exists > deletes the document",
    D_DESTROY + D_ADMIN + "when document exists > returns no content status",
    D_DESTROY + D_ADMIN + "when document does not exist > returns not found status",
    spec=DOCS_SPEC,
)
def test_an_admin_deletes_a_document_and_an_agent_may_not(http):
    one = f"{DOCS}/{_document(http, _assistant(http)['id'])['id']}"
    assert http.delete(one, headers=AGENT).status_code == 401
    assert http.delete(f"{DOCS}/invalid_id", headers=ADMIN).status_code == 404
    assert http.delete(one, headers=ADMIN).status_code == 204
    assert _doc_total(http) == 0


# --- copilot threads and messages ---------------------------------------------------------------------

THREADS = f"{A}/copilot_threads"
C_INDEX = "GET /api/v1/accounts/{account.id}/captain/copilot_threads"
C_CREATE = "POST /api/v1/accounts/{account.id}/captain/copilot_threads"
M_INDEX = "GET /api/v1/accounts/{account.id}/captain/copilot_threads/{thread.id}/copilot_messages"
M_CREATE = "POST /api/v1/accounts/{account.id}/captain/copilot_threads/{thread.id}/copilot_messages"
COPILOT_LIMIT = "You are out of Copilot credits. You can buy more credits from the billing section."


def _copilot_thread(http: Any, headers: dict[str, str], assistant_id: int) -> dict[str, Any]:
    """The captain_copilot_thread factory (its first message comes with it here)."""
    body = {"message": f"Thread {next(_count)}", "assistant_id": assistant_id}
    return ok(http.post(THREADS, json=body, headers=headers))


def _messages(http: Any, thread_id: int, headers: dict[str, str]) -> list[dict[str, Any]]:
    return ok(http.get(f"{THREADS}/{thread_id}/copilot_messages", headers=headers))["payload"]


@ports(
    C_INDEX + " > when it is an un-authenticated user > does not fetch copilot threads",
    C_CREATE + " > when it is an un-authenticated user > returns unauthorized",
    spec=THREADS_SPEC,
)
def test_copilot_threads_refuse_unauthenticated_calls(http):
    assistant = _assistant(http)
    assert http.get(THREADS).status_code == 401
    assert http.post(THREADS, json={"message": "Hello", "assistant_id": assistant["id"]}).status_code == 401
    assert ok(http.get(THREADS, headers=AGENT))["payload"] == []


@ports(
    C_INDEX + " > when it is an authenticated user > fetches copilot threads for the current user",
    C_INDEX + " > when it is an authenticated user > returns threads in descending order of creation",
    spec=THREADS_SPEC,
)
def test_copilot_threads_are_the_users_own_newest_first(http):
    assistant = _assistant(http)
    mine = [_copilot_thread(http, AGENT, assistant["id"]) for _ in range(3)]
    for _ in range(2):
        _copilot_thread(http, ADMIN, assistant["id"])
    listed = ok(http.get(THREADS, headers=AGENT))["payload"]
    assert [t["id"] for t in listed] == [t["id"] for t in reversed(mine)]
    assert {t["user"]["id"] for t in listed} == {mine[0]["user"]["id"]}


WITH = " > when it is an authenticated user > "


@ports(
    C_CREATE + WITH + "with invalid params > returns error when message is blank",
    C_CREATE + WITH + "with invalid params > returns error when assistant_id is invalid",
    spec=THREADS_SPEC,
)
def test_copilot_thread_refusals(http):
    assistant = _assistant(http)
    blank = http.post(THREADS, json={"message": "", "assistant_id": assistant["id"]}, headers=AGENT)
    assert (blank.status_code, blank.json()["error"]) == (422, "Message is required")
    assert http.post(THREADS, json={"message": "Hello", "assistant_id": 0}, headers=AGENT).status_code == 404
    assert ok(http.get(THREADS, headers=AGENT))["payload"] == []


@ports(C_CREATE + WITH + "with valid params > returns error when usage limit is exceeded", spec=THREADS_SPEC)
def test_out_of_credits_answers_with_the_notice(http, fake):
    assistant = _assistant(http)
    _set_account(fake, {"captain_responses": 2}, {"captain_responses_usage": 2})
    thread = _copilot_thread(http, AGENT, assistant["id"])
    assert _messages(http, thread["id"], AGENT)[-1]["message"]["content"] == COPILOT_LIMIT


@ports(
    C_CREATE + WITH + "with valid params > creates a new copilot thread with initial message",
    spec=THREADS_SPEC,
)
def test_a_copilot_thread_starts_with_the_users_message(http, fake):
    assistant = _assistant(http)
    _set_account(fake, {"captain_responses": 2}, {"captain_responses_usage": 0})
    body = {"message": "Hello, how can you help me?", "assistant_id": assistant["id"], "conversation_id": 1}
    thread = ok(http.post(THREADS, json=body, headers=AGENT))
    assert thread["title"] == "Hello, how can you help me?"
    assert thread["assistant"]["id"] == assistant["id"]
    assert len(ok(http.get(THREADS, headers=AGENT))["payload"]) == 1
    (message,) = _messages(http, thread["id"], AGENT)  # the ResponseJob (an LLM) is not run
    assert (message["message"], message["message_type"]) == (
        {"content": "Hello, how can you help me?"},
        "user",
    )


@ports(
    M_INDEX + " > when it is an authenticated user > returns all messages",
    M_INDEX + " > when thread id is invalid > returns not found error",
    spec=MESSAGES_SPEC,
)
def test_copilot_messages_are_listed(http):
    thread = _copilot_thread(http, ADMIN, _assistant(http)["id"])
    listed = _messages(http, thread["id"], ADMIN)
    assert len(listed) == 1
    assert http.get(f"{THREADS}/999999999/copilot_messages", headers=ADMIN).status_code == 404


@ports(
    M_CREATE + " > when it is an authenticated user > creates a new message",
    M_CREATE + " > when thread does not exist > returns not found error",
    M_CREATE + " > when thread belongs to another user > returns not found error",
    spec=MESSAGES_SPEC,
)
def test_copilot_messages_are_added_to_own_threads_only(http):
    assistant = _assistant(http)
    thread = _copilot_thread(http, ADMIN, assistant["id"])
    content = {"content": "This is a test message"}
    url = f"{THREADS}/{thread['id']}/copilot_messages"
    created = ok(http.post(url, json={"message": content}, headers=ADMIN))
    assert (created["message"], created["message_type"]) == ({"content": content}, "user")
    assert created["copilot_thread"]["id"] == thread["id"]
    missing = f"{THREADS}/999999999/copilot_messages"
    assert http.post(missing, json={"message": {"text": "Test message"}}, headers=ADMIN).status_code == 404
    another = _copilot_thread(http, AGENT, assistant["id"])
    theirs = f"{THREADS}/{another['id']}/copilot_messages"
    assert http.post(theirs, json={"message": {"text": "Test message"}}, headers=ADMIN).status_code == 404
    assert len(_messages(http, thread["id"], ADMIN)) == 2
    assert len(_messages(http, another["id"], AGENT)) == 1


# --- bulk actions ----------------------------------------------------------------------------------

BULK = f"{A}/bulk_actions"
B = "POST /api/v1/accounts/:account_id/captain/bulk_actions > "


def _pending(http: Any) -> list[int]:
    """let!(:pending_responses): two pending FAQs of an assistant."""
    assistant = _assistant(http)
    made = []
    for n in range(2):
        body = {"question": f"q{n}", "answer": "a", "assistant_id": assistant["id"], "status": "pending"}
        made.append(
            ok(http.post(f"{A}/assistant_responses", json={"assistant_response": body}, headers=ADMIN))["id"]
        )
    return made


def _statuses(http: Any, ids: list[int]) -> list[str | None]:
    found = {r["id"]: r["status"] for r in ok(http.get(f"{A}/assistant_responses", headers=ADMIN))["payload"]}
    return [found.get(i) for i in ids]


@ports(
    B + "when approving responses > approves the responses and returns the updated records", spec=BULK_SPEC
)
def test_bulk_approve(http):
    ids = _pending(http)
    body = {"type": "AssistantResponse", "ids": ids, "fields": {"status": "approve"}}
    answer = ok(http.post(BULK, json=body, headers=ADMIN))
    assert isinstance(answer, list) and len(answer) == 2
    assert _statuses(http, ids) == ["approved", "approved"]


@ports(B + "when deleting responses > deletes the responses and returns an empty array", spec=BULK_SPEC)
def test_bulk_delete(http):
    ids = _pending(http)
    body = {"type": "AssistantResponse", "ids": ids, "fields": {"status": "delete"}}
    assert ok(http.post(BULK, json=body, headers=ADMIN)) == []
    assert _statuses(http, ids) == [None, None]


@ports(
    B + "with invalid type > returns unprocessable entity status",
    B + "with missing parameters > returns unprocessable entity status",
    spec=BULK_SPEC,
)
def test_bulk_refusals(http):
    ids = _pending(http)
    for body in (
        {"type": "InvalidType", "ids": ids, "fields": {"status": "approve"}},
        {"type": "AssistantResponse", "fields": {"status": "approve"}},
    ):
        answer = http.post(BULK, json=body, headers=ADMIN)
        assert (answer.status_code, answer.json()["success"]) == (422, False)
    assert _statuses(http, ids) == ["pending", "pending"]


@ports(B + "with unauthorized user > returns unauthorized status", spec=BULK_SPEC)
def test_bulk_refuses_a_user_of_another_account(http):
    ids = _pending(http)
    stranger = new_user(http, account_id=2)["headers"]
    body = {"type": "AssistantResponse", "ids": [1], "fields": {"status": "approve"}}
    assert http.post(BULK, json=body, headers=stranger).status_code == 401
    assert _statuses(http, ids) == ["pending", "pending"]
