"""Label shape (app/views/api/v1/accounts/labels/*.jbuilder):
id, title, description, color, show_on_sidebar."""

from __future__ import annotations

from typing import Any

from fakewoot.store.labels import Label


def label_json(label: Label) -> dict[str, Any]:
    return {
        "id": label.id,
        "title": label.title,
        "description": label.description,
        "color": label.color,
        "show_on_sidebar": label.show_on_sidebar,
    }
