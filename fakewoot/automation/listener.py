"""Domain events -> automation rules: Chatwoot's AutomationRuleListener (app/listeners/
automation_rule_listener.rb at v4.10), an async listener upstream (EventDispatcherJob), so the rules
run as a background job after the response that caused the event.

Events: conversation.created (conversation_created), conversation.updated (conversation_updated, with
the changed attributes), conversation.status_changed to open or resolved (conversation_opened,
conversation_resolved: Conversation#notify_status_change) and message.created (message_created, with
that message; never for activity messages or auto-reply e-mails). An event raised while a rule's
actions run carries performed_by: the rule (Current.executed_by) and is ignored, so a rule never
triggers itself or another rule; a macro's changes do trigger rules. A conversation whose
additional_attributes has `auto_reply` fires no conversation_created or conversation_opened rule.
A destroyed user's personal macros go with them (User#remove_macros), heard here as user.deleted,
and their files are purged later.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from fakewoot.automation.actions import ActionService, Webhook
from fakewoot.automation.conditions import ConditionsFilter
from fakewoot.events.bus import Event
from fakewoot.events.types import (
    CONVERSATION_CREATED,
    CONVERSATION_STATUS_CHANGED,
    CONVERSATION_UPDATED,
    MESSAGE_CREATED,
)
from fakewoot.notifications.listener import USER_DELETED
from fakewoot.store import action_files
from fakewoot.store.message_templates import _auto_reply_email
from fakewoot.store.messages import ACTIVITY

if TYPE_CHECKING:
    from fakewoot.store.automation_rules import AutomationRule
    from fakewoot.store.state import Store

Enqueue = Callable[[Callable[[], Any]], None]
AUTO_REPLY_SKIPPED = ("conversation_created", "conversation_opened")


class AutomationRuleListener:
    def __init__(self, store: Store, enqueue: Enqueue, webhook: Webhook) -> None:
        self._store = store
        self._enqueue = enqueue
        self._webhook = webhook
        self.executing: AutomationRule | None = None  # Current.executed_by while a rule's actions run

    def __call__(self, event: Event) -> None:
        name = event.name
        if name == USER_DELETED:
            store = self._store
            blob_ids = store.macros.forget_user(event.data["user"].id)
            if blob_ids:  # the destroyed macros' files: dependent: :purge_later
                self._enqueue(lambda: action_files.purge_unheld(store, blob_ids))
            return
        if self.executing is not None:
            return  # performed_by_automation?
        if name == MESSAGE_CREATED:
            message = event.data["message"]
            if message.message_type == ACTIVITY:
                return
            if not self._store.automation_rules.active_for(message.account_id, "message_created"):
                return  # rule_present? (checked first: the auto-reply check reads the inbox)
            if _auto_reply_email(self._store, message):
                return
            account_id, conversation_id = message.account_id, message.conversation_id
            self._schedule("message_created", account_id, conversation_id, message.id, None)
            return
        conversation = event.data.get("conversation")
        if conversation is None:
            return
        if name == CONVERSATION_CREATED:
            rule_event, changed = "conversation_created", None
        elif name == CONVERSATION_UPDATED:
            rule_event, changed = "conversation_updated", event.data.get("changed")
        elif name == CONVERSATION_STATUS_CHANGED and conversation.status in ("open", "resolved"):
            rule_event = "conversation_opened" if conversation.status == "open" else "conversation_resolved"
            changed = None  # fakewoot's status_changed event does not carry the previous status
        else:
            return
        self._schedule(rule_event, conversation.account_id, conversation.id, None, changed)

    def _schedule(
        self, rule_event: str, account_id: int, conversation_id: int, message_id: int | None, changed: Any
    ) -> None:
        if not self._store.automation_rules.active_for(account_id, rule_event):
            return  # rule_present?
        changed = None if changed is None else {key: list(pair) for key, pair in dict(changed).items()}
        self._enqueue(lambda: self.run(rule_event, account_id, conversation_id, message_id, changed))

    def run(
        self,
        rule_event: str,
        account_id: int,
        conversation_id: int,
        message_id: int | None,
        changed: dict[str, Any] | None,
    ) -> None:
        store = self._store
        account = store.state.accounts.get(account_id)
        conversation = None if account is None else account.conversations.get(conversation_id)
        if account is None or conversation is None:
            return
        if rule_event in AUTO_REPLY_SKIPPED and conversation.additional_attributes.get("auto_reply"):
            return  # ignore_auto_reply_event?
        message = None if message_id is None else account.messages.get(message_id)
        if message_id is not None and message is None:
            return
        for rule in store.automation_rules.active_for(account_id, rule_event):
            matched = ConditionsFilter(
                store, rule, conversation, message=message, changed_attributes=changed
            ).perform()
            if matched:
                self.execute(rule, conversation)

    def execute(self, rule: AutomationRule, conversation: Any) -> None:
        """AutomationRules::ActionService#perform with Current.executed_by = rule."""
        self.executing = rule
        try:
            ActionService(self._store, conversation, webhook=self._webhook, rule=rule).perform(rule.actions)
        finally:
            self.executing = None


def run_macro(
    store: Store,
    webhook: Webhook,
    *,
    account_id: int,
    macro_id: int,
    conversation_ids: Any,
    user_id: int,
) -> None:
    """MacrosExecutionJob: the account's conversations with those display ids, each through
    Macros::ExecutionService as the user who asked. An unknown macro fails the job (nil.account)."""
    macro = store.macros.get(account_id, macro_id)
    if macro is None:
        return
    wanted: set[int] = set()
    for value in conversation_ids if isinstance(conversation_ids, list) else [conversation_ids]:
        if isinstance(value, bool):
            continue
        if isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit()):
            wanted.add(int(value))
    account = store.account(account_id)
    conversations = sorted(
        (c for c in account.conversations.values() if c.display_id in wanted), key=lambda c: c.id
    )
    for conversation in conversations:
        service = ActionService(store, conversation, webhook=webhook, user_id=user_id, macro=macro)
        service.perform(macro.actions)
