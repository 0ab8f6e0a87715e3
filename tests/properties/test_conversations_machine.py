"""A hypothesis state machine over conversations: create, messages in and out, assign, toggle_status,
snooze then a clock advance, read; checked against a small model (meta counts for the agent and the
administrator, unread counts, status)."""

from __future__ import annotations

from typing import Any

import httpx
from anyio.from_thread import start_blocking_portal
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule

from fakewoot import FakeChatwoot, FrozenClock
from fakewoot.serializers._common import iso8601
from tests.conftest import PortalClient

U = "/api/v1/accounts/1/conversations"
ADMIN = {"api_access_token": "fakewoot-admin-token"}
AGENT = {"api_access_token": "fakewoot-agent-token"}
START = 1_750_000_000


class ConversationsMachine(RuleBasedStateMachine):
    conversations = Bundle("conversations")

    def __init__(self) -> None:
        super().__init__()
        self.clock = FrozenClock(START)
        self.fake = FakeChatwoot(clock=self.clock)
        self.portal_cm = start_blocking_portal()
        portal = self.portal_cm.__enter__()

        async def make() -> httpx.AsyncClient:
            return httpx.AsyncClient(
                transport=httpx.ASGITransport(app=self.fake.app), base_url="http://fakewoot"
            )

        self.client = PortalClient(portal, portal.call(make))
        # the seeded conversations of account 1: display id -> model
        self.model: dict[int, dict[str, Any]] = {}
        for conversation in self.fake.store.account(1).conversations.values():
            self.model[conversation.display_id] = {
                "status": conversation.status,
                "assignee": conversation.assignee_id,
                "inbox": conversation.inbox_id,
                "snoozed_until": None,
                "unread": self.fake.store.conversations.unread_count(conversation),
            }

    def teardown(self) -> None:
        self.portal_cm.__exit__(None, None, None)

    @rule(target=conversations, inbox=st.sampled_from([1, 2]), contact=st.sampled_from([1, 2, 3, 5]))
    def create(self, inbox: int, contact: int) -> int:
        body = self.client.post(U, json={"inbox_id": inbox, "contact_id": contact}, headers=ADMIN).json()
        status = "pending" if inbox == 1 else "open"  # inbox 1 has an agent bot
        assert body["status"] == status
        self.model[body["id"]] = {
            "status": status,
            "assignee": None,
            "inbox": inbox,
            "snoozed_until": None,
            "unread": 0,
        }
        return int(body["id"])

    @rule(conversation=conversations, incoming=st.booleans(), private=st.booleans())
    def message(self, conversation: int, incoming: bool, private: bool) -> None:
        state = self.model[conversation]
        body = {"content": "hi", "message_type": "incoming" if incoming else "outgoing", "private": private}
        response = self.client.post(f"{U}/{conversation}/messages", json=body, headers=ADMIN)
        if incoming and state["inbox"] != 1:
            assert response.status_code == 422  # incoming only in API inboxes
            return
        assert response.status_code == 200
        if incoming:
            # unread = incoming messages strictly after agent_last_seen_at (Chatwoot's `created_at > ?`):
            # with a frozen clock a message in the same instant as the read is not unread
            seen = state.get("seen_at")
            if seen is None or self.clock.now() > seen:
                state["unread"] = min(state["unread"] + 1, 10)
            if state["status"] in ("snoozed", "resolved"):
                state["status"] = (
                    "pending" if state["status"] == "resolved" and state["inbox"] == 1 else "open"
                )
                state["snoozed_until"] = None

    @rule(conversation=conversations, assignee=st.sampled_from([None, 1, 2]))
    def assign(self, conversation: int, assignee: int | None) -> None:
        response = self.client.post(
            f"{U}/{conversation}/assignments", json={"assignee_id": assignee}, headers=ADMIN
        )
        assert response.status_code == 200
        self.model[conversation]["assignee"] = assignee

    @rule(conversation=conversations, status=st.sampled_from(["open", "resolved", "pending", None]))
    def toggle(self, conversation: int, status: str | None) -> None:
        state = self.model[conversation]
        body = {} if status is None else {"status": status}
        payload = self.client.post(f"{U}/{conversation}/toggle_status", json=body, headers=ADMIN).json()[
            "payload"
        ]
        expected = status or ("resolved" if state["status"] == "open" else "open")
        assert payload["current_status"] == expected
        state["status"], state["snoozed_until"] = expected, None

    @rule(conversation=conversations, minutes=st.integers(1, 120))
    def snooze(self, conversation: int, minutes: int) -> None:
        until = int(self.clock.now()) + minutes * 60
        payload = self.client.post(
            f"{U}/{conversation}/toggle_status",
            json={"status": "snoozed", "snoozed_until": until},
            headers=ADMIN,
        ).json()["payload"]
        # the view renders the time as Rails does (ISO 8601, milliseconds)
        assert (payload["current_status"], payload["snoozed_until"]) == ("snoozed", iso8601(until))
        self.model[conversation].update(status="snoozed", snoozed_until=until)

    @rule(minutes=st.integers(1, 90))
    def advance(self, minutes: int) -> None:
        self.fake.advance(minutes * 60)
        now = self.clock.now()
        for state in self.model.values():
            if (
                state["status"] == "snoozed"
                and state["snoozed_until"] is not None
                and state["snoozed_until"] <= now
            ):
                state["status"], state["snoozed_until"] = "open", None

    @rule(conversation=conversations)
    def read(self, conversation: int) -> None:
        body = self.client.post(f"{U}/{conversation}/update_last_seen", headers=ADMIN).json()
        assert body["unread_count"] == 0
        self.model[conversation].update(unread=0, seen_at=self.clock.now())

    @invariant()
    def counts_and_states_match(self) -> None:
        for headers, user_id, inboxes in ((ADMIN, 1, {1, 2}), (AGENT, 2, {1})):
            data = self.client.get(U, params={"status": "all"}, headers=headers).json()["data"]
            visible = [s for s in self.model.values() if s["inbox"] in inboxes]
            unassigned = sum(1 for s in visible if s["assignee"] is None)
            assert data["meta"] == {
                "mine_count": sum(1 for s in visible if s["assignee"] == user_id),
                "assigned_count": len(visible) - unassigned,
                "unassigned_count": unassigned,
                "all_count": len(visible),
            }
        for display_id, state in self.model.items():
            conversation = self.fake.store.conversations.by_display_id(1, display_id)
            assert conversation.status == state["status"], display_id
            assert self.fake.store.conversations.unread_count(conversation) == state["unread"], display_id


ConversationsMachine.TestCase.settings = settings(
    max_examples=30, stateful_step_count=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
TestConversationsMachine = ConversationsMachine.TestCase
