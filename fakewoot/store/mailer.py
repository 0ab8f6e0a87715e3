"""The outbox: every email real Chatwoot would send lands here instead."""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING, Any

from fakewoot.records import dataclass

if TYPE_CHECKING:
    from fakewoot.store.state import Store

# Devise mailer templates Chatwoot sends (app/views/devise/mailer/*).
CONFIRMATION_INSTRUCTIONS = "confirmation_instructions"
RESET_PASSWORD_INSTRUCTIONS = "reset_password_instructions"
PASSWORD_CHANGE = "password_change"

SUBJECTS = {
    CONFIRMATION_INSTRUCTIONS: "Confirmation Instructions",
    RESET_PASSWORD_INSTRUCTIONS: "Reset password instructions",
    PASSWORD_CHANGE: "Password Changed",
}


@dataclass(slots=True)
class Mail:
    id: int
    template: str
    to: str
    subject: str
    created_at: float
    data: dict[str, Any] = field(default_factory=dict)


class Mailer:
    def __init__(self, store: Store) -> None:
        self._store = store

    def deliver(self, template: str, to: str, **data: Any) -> Mail:
        store = self._store
        mail = Mail(
            id=store.state.sequences.next("mails"),
            template=template,
            to=to,
            subject=SUBJECTS.get(template, template.replace("_", " ").capitalize()),
            created_at=store.clock.now(),
            data=data,
        )
        store.state.outbox.append(mail)
        store.publish("mail.delivered", mail=mail)
        return mail

    def outbox(self, to: str | None = None, template: str | None = None) -> list[Mail]:
        return [
            mail
            for mail in self._store.state.outbox
            if (to is None or mail.to == to) and (template is None or mail.template == template)
        ]
