"""Captain custom tools (HTTP tools an assistant may call), as an unlicensed v4.10 install keeps them.

Source at e13e3c87: enterprise/app/models/captain/custom_tool.rb, concerns/safe_endpoint_validatable.rb,
app/models/concerns/json_schema_validator.rb. Validations in Rails' order: the endpoint's safety
(included first), http_method in GET/POST, auth_type in none/bearer/basic/api_key, slug present and
unique per account, title, endpoint_url, then param_schema against its JSON schema. The slug is
`custom_` + the title parameterized with `_`, made once (before the first validation with a title)
and kept when the title changes; a taken slug gets `_` + six random lower-case alphanumerics.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import field
from typing import Any
from urllib.parse import urlsplit

from fakewoot.records import dataclass
from fakewoot.store.account_records import AccountRecords
from fakewoot.store.validation import MSG_BLANK, MSG_INCLUSION, MSG_TAKEN, Errors, blank

HTTP_METHODS = ("GET", "POST")
AUTH_TYPES = ("none", "bearer", "basic", "api_key")
STRING_FIELDS = (  # custom_tool_params' scalars, in its order
    "title",
    "description",
    "endpoint_url",
    "http_method",
    "request_template",
    "response_template",
    "auth_type",
)
FIELDS = (
    *STRING_FIELDS,
    "enabled",
    "auth_config",
    "param_schema",
)
PARAM_KEYS = ("name", "type", "description", "required")  # permit(param_schema: [...])
_PARAM_TYPES = {"name": str, "type": str, "description": str, "required": bool}
MSG_URL_INVALID = "{attr} must be a valid URL"
MSG_URL_HTTPS = "{attr} must use HTTPS protocol"
MSG_URL_HOST = "{attr} must have a valid hostname"
MSG_URL_SELF = "{attr} cannot point to the application itself"
MSG_URL_DISALLOWED = "{attr} cannot use disallowed hostname"
MSG_URL_IP = "{attr} cannot be an IP address, must be a hostname"
MSG_URL_ASCII = "{attr} hostname cannot contain non-ASCII characters"
MSG_SCHEMA_REQUIRED = "{attr} is required"  # JsonSchemaValidator#handle_required
MSG_SCHEMA_TYPE = "{attr} must be of type {type}"
_LIQUID = re.compile(r"\{\{[^}]+\}\}")
_IPV4 = re.compile(r"\A\d+\.\d+\.\d+\.\d+\Z")
_URI_FORBIDDEN = re.compile(r"[\s<>\"{}|\\^`]")  # what URI.parse's RFC 3986 parser refuses


@dataclass(slots=True)
class CustomTool:
    id: int
    account_id: int
    slug: str
    title: str
    endpoint_url: str
    created_at: float
    updated_at: float
    description: str | None = None
    http_method: str = "GET"
    request_template: str | None = None
    response_template: str | None = None
    auth_type: str = "none"
    auth_config: dict[str, Any] | None = field(default_factory=dict)
    param_schema: list[Any] | None = field(default_factory=list)
    enabled: bool = True


def parameterize(text: str, separator: str = "_") -> str:
    """ActiveSupport's parameterize: transliterate, runs of other characters to the separator,
    squeezed and trimmed, lower case."""
    ascii_text = "".join(
        ch if ord(ch) < 128 else "?"
        for ch in unicodedata.normalize("NFKD", text)
        if not unicodedata.combining(ch)
    )
    sep = re.escape(separator)
    out = re.sub(r"[^a-z0-9\-_]+", separator, ascii_text, flags=re.IGNORECASE)
    out = re.sub(f"{sep}{{2,}}", separator, out)
    out = re.sub(f"^{sep}|{sep}$", "", out)
    return out.lower()


def _check_endpoint(errors: Errors, url: str | None, frontend_host: str | None) -> None:
    """SafeEndpointValidatable#validate_safe_endpoint_url."""
    if blank(url):
        return
    assert url is not None
    sanitized = _LIQUID.sub("placeholder", url)
    try:
        if _URI_FORBIDDEN.search(sanitized):
            raise ValueError(sanitized)
        parts = urlsplit(sanitized)
        host = parts.hostname
    except ValueError:
        errors.add("endpoint_url", MSG_URL_INVALID)
        return
    if parts.scheme.lower() != "https":
        errors.add("endpoint_url", MSG_URL_HTTPS)
    if not host:
        errors.add("endpoint_url", MSG_URL_HOST)
    elif host == frontend_host:
        errors.add("endpoint_url", MSG_URL_SELF)
    elif host.lower() == "localhost" or host.lower().endswith(".local"):
        errors.add("endpoint_url", MSG_URL_DISALLOWED)
    if not host:
        return
    if _IPV4.match(host) or ":" in host:
        errors.add("endpoint_url", MSG_URL_IP)
    elif not host.isascii():
        errors.add("endpoint_url", MSG_URL_ASCII)


def _check_param_schema(errors: Errors, schema: list[dict[str, Any]] | None) -> None:
    """PARAM_SCHEMA_VALIDATION over the permitted items (objects with the four keys at most): string
    name, type, description (required) and a boolean `required`; a JSON pointer names a bad value."""
    for index, item in enumerate(schema or []):
        for key, kind in _PARAM_TYPES.items():
            if key in item and not isinstance(item[key], kind):
                pointer = f"{index}/{key}"
                type_name = "boolean" if kind is bool else "string"
                errors.pairs.append((pointer, MSG_SCHEMA_TYPE.format(attr=pointer, type=type_name)))
        for key in ("name", "type", "description"):
            if key not in item:
                errors.add(key, MSG_SCHEMA_REQUIRED)


class CaptainCustomTools(AccountRecords[CustomTool]):
    table_name = "captain_custom_tools"

    def enabled(self, account_id: int) -> list[CustomTool]:
        """account.captain_custom_tools.enabled (id order)."""
        return [t for t in self._store.account(account_id).captain_custom_tools.values() if t.enabled]

    def tool_metadata(self, account_id: int) -> list[dict[str, Any]]:
        """CustomTool#to_tool_metadata of the enabled ones."""
        return [
            {"id": t.slug, "title": t.title, "description": t.description, "custom": True}
            for t in self.enabled(account_id)
        ]

    def _slug(self, account_id: int, title: str) -> str:
        taken = {t.slug for t in self._store.account(account_id).captain_custom_tools.values()}
        base = f"custom_{parameterize(title)}"
        if base not in taken:
            return base
        rng = self._store.state.tokens
        alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
        while True:
            candidate = base + "_" + "".join(alphabet[int(rng.hex(2), 16) % 36] for _ in range(6))
            if candidate not in taken:
                return candidate

    def _validate(
        self, account_id: int, values: dict[str, Any], own_id: int, frontend_host: str | None
    ) -> None:
        errors = Errors()
        _check_endpoint(errors, values.get("endpoint_url"), frontend_host)
        if values.get("http_method") not in HTTP_METHODS:
            errors.add("http_method", MSG_INCLUSION)
        if values.get("auth_type") not in AUTH_TYPES:
            errors.add("auth_type", MSG_INCLUSION)
        slug = values.get("slug")
        if blank(slug):
            errors.add("slug", MSG_BLANK)
        elif any(
            t.slug == slug and t.id != own_id
            for t in self._store.account(account_id).captain_custom_tools.values()
        ):
            errors.add("slug", MSG_TAKEN)
        for key in ("title", "endpoint_url"):
            if blank(values.get(key)):
                errors.add(key, MSG_BLANK)
        _check_param_schema(errors, values.get("param_schema"))
        errors.raise_if_any()

    def create(
        self, account_id: int, values: dict[str, Any], *, frontend_host: str | None = None
    ) -> CustomTool:
        merged: dict[str, Any] = {
            "http_method": "GET",
            "auth_type": "none",
            "auth_config": {},
            "param_schema": [],
            "enabled": True,
            **values,
        }
        title = merged.get("title")
        merged["slug"] = self._slug(account_id, title) if isinstance(title, str) and title.strip() else None
        self._validate(account_id, merged, 0, frontend_host)
        return self._insert(
            account_id,
            None,
            None,
            lambda new_id, now: CustomTool(
                id=new_id, account_id=account_id, created_at=now, updated_at=now, **merged
            ),
        )

    def update(self, tool: CustomTool, values: dict[str, Any], *, frontend_host: str | None = None) -> None:
        merged = {key: getattr(tool, key) for key in FIELDS} | values
        merged["slug"] = tool.slug
        self._validate(tool.account_id, merged, tool.id, frontend_host)
        self._save(tool, {key: merged[key] for key in FIELDS})

    def delete(self, tool: CustomTool) -> None:
        self._store.account(tool.account_id).captain_custom_tools.remove(tool.id)
