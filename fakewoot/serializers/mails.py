"""The fake's outbox entries (fakewoot's own shape: real Chatwoot has no such endpoint)."""

from __future__ import annotations

from typing import Any

from fakewoot.serializers._common import iso8601
from fakewoot.store.mailer import Mail


def mail_json(mail: Mail) -> dict[str, Any]:
    return {
        "id": mail.id,
        "template": mail.template,
        "to": mail.to,
        "subject": mail.subject,
        "created_at": iso8601(mail.created_at),
        "data": mail.data,
    }
