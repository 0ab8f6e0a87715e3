"""Captain assistants and the inboxes they serve, as an unlicensed v4.10 install keeps them.

Source at e13e3c87: enterprise/app/models/captain/assistant.rb (name and description required; config
jsonb default {}; response_guidelines and guardrails jsonb default []; `ordered` is created_at desc),
enterprise/app/models/captain_inbox.rb (an inbox serves at most one assistant: `validates :inbox_id,
uniqueness: true`), db/schema.rb, config/agents/tools.yml (the built-in tools, every one of which
resolves to a class under enterprise/lib/captain/tools).

No licence or feature gate guards these models, so records are created as upstream. Destroying an
assistant removes its inbox links, FAQs, scenarios, documents and
copilot threads (`dependent: :destroy_async` upstream: a job
does it a moment later; here it happens at once).
"""

from __future__ import annotations

from dataclasses import field
from typing import Any

from fakewoot.records import dataclass
from fakewoot.store.account_records import AccountRecords
from fakewoot.store.row_changes import remove_where
from fakewoot.store.validation import MSG_BLANK, MSG_TAKEN, Errors, blank


def _tool(tool_id: str, title: str, description: str, icon: str) -> dict[str, Any]:
    return {"id": tool_id, "title": title, "description": description, "icon": icon}


# config/agents/tools.yml at e13e3c87, in file order (Captain::Assistant.built_in_agent_tools)
BUILT_IN_TOOLS: tuple[dict[str, Any], ...] = (
    _tool("add_contact_note", "Add Contact Note", "Add a note to a contact profile", "note-add"),
    _tool(
        "add_private_note",
        "Add Private Note",
        "Add a private note to a conversation (internal only)",
        "eye-off",
    ),
    _tool("update_priority", "Update Priority", "Update conversation priority level", "exclamation-triangle"),
    _tool("add_label_to_conversation", "Add Label to Conversation", "Add a label to a conversation", "tag"),
    _tool("faq_lookup", "FAQ Lookup", "Search FAQ responses using semantic similarity", "search"),
    _tool("handoff", "Handoff to Human", "Hand off the conversation to a human agent", "user-switch"),
)
# AssistantsController#assistant_params: `config: [...]`, in this order (permit keeps the filter order)
CONFIG_KEYS = (
    "product_name",
    "feature_faq",
    "feature_memory",
    "feature_citation",
    "welcome_message",
    "handoff_message",
    "resolution_message",
    "instructions",
    "temperature",
)


@dataclass(slots=True)
class Assistant:
    id: int
    account_id: int
    name: str
    description: str
    created_at: float
    updated_at: float
    config: dict[str, Any] = field(default_factory=dict)
    response_guidelines: Any = field(default_factory=list)
    guardrails: Any = field(default_factory=list)


@dataclass(slots=True)
class CaptainInbox:
    id: int
    account_id: int
    captain_assistant_id: int
    inbox_id: int
    created_at: float
    updated_at: float


class CaptainAssistants(AccountRecords[Assistant]):
    table_name = "captain_assistants"

    def of(self, account_id: int) -> list[Assistant]:
        """Captain::Assistant.for_account(...).ordered: newest first."""
        rows = self._store.account(account_id).captain_assistants.values()
        return sorted(rows, key=lambda a: (a.created_at, a.id), reverse=True)

    @staticmethod
    def _validate(name: Any, description: Any) -> None:
        errors = Errors()
        if blank(name):
            errors.add("name", MSG_BLANK)
        if blank(description):
            errors.add("description", MSG_BLANK)
        errors.raise_if_any()

    def create(
        self,
        account_id: int,
        values: dict[str, Any],
        created_at: float | None = None,
        assistant_id: int | None = None,
    ) -> Assistant:
        """`values`: name, description, config, response_guidelines, guardrails (those given);
        `assistant_id` and `created_at` for fixtures."""
        self._validate(values.get("name"), values.get("description"))
        return self._insert(
            account_id,
            assistant_id,
            created_at,
            lambda new_id, now: Assistant(
                id=new_id,
                account_id=account_id,
                name=values["name"],
                description=values["description"],
                created_at=now,
                updated_at=now,
                config=values.get("config", {}),
                response_guidelines=values.get("response_guidelines", []),
                guardrails=values.get("guardrails", []),
            ),
        )

    def update(self, assistant: Assistant, values: dict[str, Any]) -> None:
        """Assign what is given (config as a whole), validate, save; unchanged on a refusal."""
        self._validate(values.get("name", assistant.name), values.get("description", assistant.description))
        self._save(assistant, values)

    def delete(self, assistant: Assistant) -> None:
        account = self._store.account(assistant.account_id)
        account.captain_assistants.remove(assistant.id)
        remove_where(account.captain_inboxes, lambda link: link.captain_assistant_id == assistant.id)
        remove_where(account.captain_assistant_responses, lambda faq: faq.assistant_id == assistant.id)
        remove_where(account.captain_scenarios, lambda scenario: scenario.assistant_id == assistant.id)
        for document in account.captain_documents:
            if document.assistant_id == assistant.id:
                self._store.captain_documents.delete(document)
        self._store.copilot.forget_assistant(assistant.account_id, assistant.id)

    # --- tools ----------------------------------------------------------------------------------

    def available_tools(self, account_id: int) -> list[dict[str, Any]]:
        """Assistant#available_agent_tools: the built-in tools, then the account's enabled custom
        tools (CustomTool#to_tool_metadata)."""
        custom = self._store.captain_custom_tools.tool_metadata(account_id)
        return [dict(tool) for tool in BUILT_IN_TOOLS] + custom

    # --- inboxes --------------------------------------------------------------------------------

    def inbox_ids(self, assistant: Assistant) -> list[int]:
        """assistant.inboxes (through captain_inboxes), in link order."""
        links = self._store.account(assistant.account_id).captain_inboxes.values()
        ordered = sorted(links, key=lambda link: link.id)
        return [link.inbox_id for link in ordered if link.captain_assistant_id == assistant.id]

    def link_inbox(self, assistant: Assistant, inbox_id: int) -> CaptainInbox:
        account = self._store.account(assistant.account_id)
        errors = Errors()
        if any(link.inbox_id == inbox_id for link in account.captain_inboxes.values()):
            errors.pairs.append(("inbox_id", MSG_TAKEN.format(attr="Inbox")))  # humanize drops `_id`
        errors.raise_if_any()
        now = self._store.clock.now()
        link = CaptainInbox(
            id=account.captain_inboxes.next_id(),
            account_id=account.id,
            captain_assistant_id=assistant.id,
            inbox_id=inbox_id,
            created_at=now,
            updated_at=now,
        )
        account.captain_inboxes.add(link)
        return link

    def of_inbox(self, account_id: int, inbox_id: int) -> Assistant | None:
        """Inbox#captain_assistant (through its captain_inbox), e.g. for conversations#inbox_assistant."""
        for link in self._store.account(account_id).captain_inboxes.values():
            if link.inbox_id == inbox_id:
                return self.get(account_id, link.captain_assistant_id)
        return None

    def find_link(self, assistant: Assistant, inbox_id: int | None) -> CaptainInbox | None:
        for link in self._store.account(assistant.account_id).captain_inboxes.values():
            if link.captain_assistant_id == assistant.id and link.inbox_id == inbox_id:
                return link
        return None

    def unlink_inbox(self, link: CaptainInbox) -> None:
        self._store.account(link.account_id).captain_inboxes.remove(link.id)
