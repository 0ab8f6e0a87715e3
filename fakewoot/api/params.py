"""Request parameters as Rails builds them, and Rails' coercions of them.

Rails merges query parameters with the body (JSON, urlencoded or multipart, with `a[b]` nesting),
and wraps a flat JSON body under the controller's key (wrap_parameters). Values from forms are
strings; JSON keeps its types. `permit` drops non-scalar values silently; `require` raises
ParameterMissing. Nothing here raises anything but fakewoot.errors.
"""

from __future__ import annotations

import math
from typing import Any

import orjson
from starlette.datastructures import UploadFile
from starlette.requests import Request

from fakewoot.errors import ApiError, BadRequest, ParameterMissing
from fakewoot.store import ranges

_SCALARS = (str, int, float, bool)
# Rails parses JSON with JSON.parse's default max_nesting (100): deeper bodies are a ParseError (400).
JSON_MAX_NESTING = 100
# Rack 3's QueryParser param_depth_limit: form keys nested deeper are ParamsTooDeepError (400).
FORM_MAX_DEPTH = 32


class NestingTooDeep(BadRequest):
    """JSON.parse's NestingError (max_nesting 100): Rails answers 400 before any controller. The body
    did parse, so the journal can still keep (a bounded copy of) what was sent."""

    def __init__(self, sent: dict[str, Any]) -> None:
        super().__init__()
        self.sent = sent


class Params:
    """What Rails' `params` holds (query, then body, then path parameters), plus the body alone,
    which is all wrap_parameters wraps."""

    __slots__ = ("all", "body", "is_json")

    def __init__(self, all: dict[str, Any], body: dict[str, Any], is_json: bool) -> None:
        self.all = all
        self.body = body
        self.is_json = is_json


async def read_params(request: Request, path_params: dict[str, Any]) -> Params:
    """Malformed JSON or multipart is a 400 as Rails gives."""
    params: dict[str, Any] = {}
    if request.scope.get("query_string"):
        for key, text in request.query_params.multi_items():
            _assign(params, key, text)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    is_json = content_type == "application/json" or content_type.endswith("+json")
    body: dict[str, Any] = {}
    if is_json:
        raw = await request.body()
        if raw.strip():
            try:
                decoded = orjson.loads(raw)
            except orjson.JSONDecodeError:
                raise BadRequest() from None
            if raw.count(b"[") + raw.count(b"{") > JSON_MAX_NESTING and _nesting(decoded) > JSON_MAX_NESTING:
                raise NestingTooDeep(decoded if isinstance(decoded, dict) else {"_json": decoded})
            body = decoded if isinstance(decoded, dict) else {"_json": decoded}
    elif content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        try:
            form = await request.form()
        except ApiError:  # e.g. the body went past --max-body-bytes
            raise
        except Exception:  # a broken multipart body: Rails answers 400 too
            raise BadRequest() from None
        for key, value in form.multi_items():
            _assign(body, key, value)
    params.update(body)
    params.update(path_params)
    return Params(params, body, is_json)


def _nesting(value: Any) -> int:
    """How deep arrays and objects nest (the top-level one counts 1), without recursion."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        elif not isinstance(item, list):
            continue
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in item if isinstance(child, (dict, list)))
    return deepest


def _assign(params: dict[str, Any], key: str, value: Any) -> None:
    """Rack's nested parameter keys: a[b]=1, a[]=1, a[b][c]=1."""
    if "[" not in key or not key.endswith("]"):
        params[key] = value
        return
    head, _, rest = key.partition("[")
    parts = [head, *rest[:-1].split("][")]
    if len(parts) > FORM_MAX_DEPTH:
        raise BadRequest()
    target: Any = params
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        following = None if last else parts[index + 1]
        if isinstance(target, list):
            if last:
                target.append(value)
                return
            if following == "" or not target or not isinstance(target[-1], dict) or following in target[-1]:
                target.append({} if following != "" else [])
            target = target[-1]
            continue
        if last:
            target[part] = value
            return
        container = target.get(part)
        if following == "":
            if not isinstance(container, list):
                container = target[part] = []
        elif not isinstance(container, dict):
            container = target[part] = {}
        target = container


def wrapped(params: Params, key: str) -> dict[str, Any] | None:
    """`params[key]` as wrap_parameters leaves it: a JSON body without `key` is wrapped under it."""
    value = params.all.get(key)
    if isinstance(value, dict):
        return value
    if value is None and params.is_json:
        return {k: v for k, v in params.body.items() if k != "_json"}
    return None


def require(params: Params, key: str) -> dict[str, Any]:
    """`params.require(key)`: missing or empty -> ParameterMissing."""
    value = wrapped(params, key)
    if not value:
        raise ParameterMissing(key)
    return value


def scalar(value: Any) -> Any:
    """What `permit` keeps of one value: scalars (and nil) pass, hashes and arrays are dropped."""
    if value is None or isinstance(value, (*_SCALARS, UploadFile)):
        return value
    return _DROPPED


class _Dropped:
    def __repr__(self) -> str:
        return "<dropped>"


_DROPPED = _Dropped()


def permit(source: dict[str, Any], *keys: str) -> dict[str, Any]:
    """Permitted scalar keys present in `source`, unpermitted values dropped."""
    out: dict[str, Any] = {}
    for key in keys:
        if key in source:
            value = scalar(source[key])
            if value is not _DROPPED:
                out[key] = value
    return out


def permit_hash(source: dict[str, Any], key: str) -> dict[str, Any] | None:
    """`permit(key: {})`: an object passes whole; anything else is dropped (None). Uploaded files in
    it (a multipart `custom_attributes[a]` file) become their names, as a JSON column keeps text."""
    value = source.get(key)
    if not isinstance(value, dict):
        return None
    return _without_uploads(value) if _has_upload(value) else value


def _has_upload(value: Any) -> bool:
    if isinstance(value, UploadFile):
        return True
    if isinstance(value, dict):
        return any(_has_upload(item) for item in value.values())
    if isinstance(value, list):
        return any(_has_upload(item) for item in value)
    return False


def _without_uploads(value: Any) -> Any:
    """A copy with every uploaded file replaced by its name (form values nest at most 32 deep)."""
    if isinstance(value, UploadFile):
        return to_string(value)
    if isinstance(value, dict):
        return {key: _without_uploads(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_uploads(item) for item in value]
    return value


def to_string(value: Any) -> str | None:
    """ActiveModel's string cast: nil stays nil, true -> "true", 12 -> "12"."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, UploadFile):
        return value.filename or ""
    return str(value)


_FALSE_VALUES = {False, "0", "f", "F", "false", "FALSE", "off", "OFF", "False"}


def json_scalar(value: Any) -> Any:
    """A permitted scalar as a JSON column keeps it: an uploaded file becomes its name."""
    return to_string(value) if isinstance(value, UploadFile) else value


def to_bool(value: Any) -> bool | None:
    """ActiveModel::Type::Boolean: "" and nil are nil, the FALSE_VALUES are false, all else true."""
    if value is None or value == "":
        return None
    if isinstance(value, (dict, list)):
        return True
    return value not in _FALSE_VALUES


def to_int(value: Any) -> int | None:
    """ActiveModel::Type::Integer: "12" -> 12, "12abc" -> 12, "abc" -> nil, 1.9 -> 1, true -> 1."""
    if value is None or isinstance(value, (dict, list)):
        return None
    if isinstance(value, bool):
        return 1 if value else 0
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if math.isfinite(value) else None
    text = str(value).strip()
    digits = ""
    for char in text:
        if char.isdigit() or (not digits and char in "+-"):
            digits += char
        elif char == "." and digits:
            break
        else:
            break
    try:
        return int(digits)
    except ValueError:
        return None


def to_float(value: Any) -> float | None:
    """A Unix timestamp as sent (number or numeric string); anything else, NaN and the infinities
    included, is nil."""
    if value is None or isinstance(value, (bool, dict, list)):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def to_time(value: Any, attr: str) -> float | None:
    """A Unix time from a request (a number or a numeric string). Junk is nil (ActiveRecord casts an
    unparseable time to nil); a number no timestamp column can hold (NaN, the infinities, before
    year 1 or after 9999) is a 422 `<Attr> is out of range` before anything changes."""
    if value is None or isinstance(value, (bool, dict, list)):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    ranges.refuse_time(attr, number)
    return number
