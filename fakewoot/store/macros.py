"""Macros (app/models/macro.rb, app/policies/macro_policy.rb at v4.10).

A macro is personal (seen and run by its author) or global (by every member); an agent's macro is
always personal (Macro#set_visibility). `actions` are stored as sent (the controller assigns the raw
`params[:actions]`); an action name outside Macro::ACTIONS_ATTRS fails json_actions_format. A user who
leaves takes their authorship with them (created_by nullified): an administrator may then delete a
global orphan.
"""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING, Any

from fakewoot.errors import ApiError
from fakewoot.records import dataclass
from fakewoot.store import action_files

if TYPE_CHECKING:
    from fakewoot.store.state import Store

VISIBILITIES = ("personal", "global")
ACTIONS = (
    "send_message",
    "add_label",
    "assign_team",
    "assign_agent",
    "mute_conversation",
    "change_status",
    "remove_label",
    "remove_assigned_team",
    "resolve_conversation",
    "snooze_conversation",
    "change_priority",
    "send_email_transcript",
    "send_attachment",
    "add_private_note",
    "send_webhook_event",
)
MSG_ACTIONS_UNSUPPORTED = "Macro execution actions {names} not supported."
# ArgumentError of an enum given an unknown value (a 500 upstream; a 422 here)
MSG_INVALID_ENUM = "'{value}' is not a valid {attr}"
# a NOT NULL column left empty: PG::NotNullViolation upstream (500); a 422 here
MSG_NOT_NULL = "{attr} can't be blank"
# an action that is not a hash: NoMethodError upstream (500); a 422 here
MSG_ACTION_SHAPE = "actions must be a list of objects with an action_name"


def invalid(message: str | dict[str, list[str]]) -> ApiError:
    """render_could_not_create_error: 422 {"error": <message or errors.messages>}."""
    return ApiError({"error": message}, 422)


def action_names(actions: Any) -> list[Any]:
    """`actions.map { |obj, _| obj['action_name'] }`: every entry must be a hash."""
    if not isinstance(actions, list) or not all(isinstance(a, dict) for a in actions):
        raise invalid(MSG_ACTION_SHAPE)
    return [action.get("action_name") for action in actions]


def ruby_s(value: Any) -> str:
    """How Array#join writes one element: nil as "", arrays flattened, true as "true"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(ruby_s(item) for item in value)
    return str(value)


def unsupported(names: list[Any], allowed: tuple[str, ...] | set[str]) -> list[str]:
    """`names - allowed`, as the messages write them."""
    return [ruby_s(name) for name in names if not isinstance(name, str) or name not in allowed]


@dataclass(slots=True)
class Macro:
    id: int
    account_id: int
    name: str
    visibility: str | None
    actions: list[dict[str, Any]]
    created_at: float
    updated_at: float
    created_by_id: int | None = None
    updated_by_id: int | None = None
    files: list[dict[str, Any]] = field(default_factory=list)  # has_many_attached :files (action_files.py)


class Macros:
    def __init__(self, store: Store) -> None:
        self._store = store

    def get(self, account_id: int, macro_id: int | None) -> Macro | None:
        return None if macro_id is None else self._store.account(account_id).macros.get(macro_id)

    def author_id(self, macro: Macro) -> int | None:
        """created_by: nil once the user is gone (has_many :macros, dependent: :nullify)."""
        user_id = macro.created_by_id
        return user_id if user_id is not None and self._store.users.get(user_id) is not None else None

    def visible_to(self, account_id: int, user_id: int) -> list[Macro]:
        """Macro.with_visibility: the global ones and the user's personal ones, by id."""
        rows = self._store.account(account_id).macros.values()
        found = [
            m
            for m in rows
            if m.visibility == "global" or (m.visibility == "personal" and m.created_by_id == user_id)
        ]
        return sorted(found, key=lambda m: m.id)

    @staticmethod
    def visibility_for(wanted: Any, administrator: bool) -> str | None:
        """set_visibility: the param (an enum: an unknown value is an ArgumentError), personal for an
        agent whatever was asked."""
        if not administrator:
            return "personal"
        if wanted is None or wanted == "":
            return None
        if isinstance(wanted, int) and not isinstance(wanted, bool) and 0 <= wanted < len(VISIBILITIES):
            return VISIBILITIES[wanted]
        if wanted not in VISIBILITIES:
            raise invalid(MSG_INVALID_ENUM.format(value=wanted, attr="visibility"))
        return str(wanted)

    @staticmethod
    def _validate(name: Any, actions: Any) -> None:
        if actions is None:
            raise invalid(MSG_NOT_NULL.format(attr="actions"))
        bad = unsupported(action_names(actions), ACTIONS)
        if bad:
            raise invalid({"actions": [MSG_ACTIONS_UNSUPPORTED.format(names=",".join(bad))]})
        if not isinstance(name, str):
            raise invalid(MSG_NOT_NULL.format(attr="name"))

    def create(
        self,
        account_id: int,
        *,
        name: Any,
        visibility: str | None,
        actions: Any,
        user_id: int | None,
        macro_id: int | None = None,
    ) -> Macro:
        store = self._store
        self._validate(name, actions)
        table = store.account(account_id).macros
        now = store.clock.now()
        macro = Macro(
            id=table.next_id() if macro_id is None else macro_id,
            account_id=account_id,
            name=name,
            visibility=visibility,
            actions=list(actions),
            created_at=now,
            updated_at=now,
            created_by_id=user_id,
            updated_by_id=user_id,
        )
        table.add(macro)
        return macro

    def update(self, macro: Macro, changes: dict[str, Any], user_id: int) -> None:
        """assign_attributes + set_visibility + save!: all or nothing."""
        name = changes.get("name", macro.name)
        actions = changes.get("actions", macro.actions)
        self._validate(name, actions)
        macro.name = name
        macro.actions = list(actions)
        macro.visibility = changes.get("visibility", macro.visibility)
        macro.updated_by_id = user_id
        macro.updated_at = self._store.clock.now()

    def forget_user(self, user_id: int) -> set[int]:
        """User#remove_macros (after_destroy): the user's personal macros go in every account; their
        global ones stay, authorless (the foreign keys are nullified). Answers the blob ids the
        destroyed macros held (their files are purged later)."""
        held: set[int] = set()
        for account in self._store.state.accounts.values():
            for macro in list(account.macros.values()):
                if macro.created_by_id == user_id and macro.visibility == "personal":
                    account.macros.remove(macro.id)
                    held |= action_files.blob_ids(macro)
        return held

    def delete(self, macro: Macro) -> None:
        self._store.account(macro.account_id).macros.remove(macro.id)
