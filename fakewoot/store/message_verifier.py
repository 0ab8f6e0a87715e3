"""Rails' signed messages as ActiveStorage writes them in Chatwoot (pure: no I/O, no state).

Chatwoot loads Rails 7.0 defaults (config/application.rb `config.load_defaults 7.0`), so
`ActiveStorage.verifier` (Rails.application.message_verifier("ActiveStorage")) signs with
HMAC-SHA1, serialises values with Ruby's Marshal and wraps purpose and expiry in the legacy
metadata envelope:

    base64(JSON {"_rails": {"message": base64(Marshal.dump(value)), "exp": iso8601(3) | null,
                            "pur": purpose}}) + "--" + hex HMAC-SHA1 of the base64 text

which is the shape of the signed blob ids and variation keys in Chatwoot's own story fixtures
(e.g. `eyJfcmFpbHMiOnsibWVzc2FnZSI6IkJBaHBPZz09IiwiZXhwIjpudWxsLCJwdXIiOiJibG9iX2lkIn19--<40 hex>`).
Only the Marshal subset those messages use is written and read: nil, booleans, integers, UTF-8
strings, symbols, arrays and hashes.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from datetime import UTC, datetime
from typing import Any

import orjson

MARSHAL_HEADER = b"\x04\x08"
FIXNUM_MAX = (1 << 30) - 1


class Symbol(str):
    """A Ruby symbol (a str that Marshal writes as `:name`)."""

    __slots__ = ()


class MarshalError(ValueError):
    pass


# --- Marshal (the subset) -------------------------------------------------------------------------


def _long(n: int) -> bytes:
    """Marshal's w_long."""
    if n == 0:
        return b"\x00"
    if 0 < n < 123:
        return bytes([n + 5])
    if -124 < n < 0:
        return bytes([(n - 5) & 0xFF])
    out = bytearray()
    value = n
    for count in range(1, 5):
        out.append(value & 0xFF)
        value >>= 8
        if (n >= 0 and value == 0) or (n < 0 and value == -1):
            return bytes([count if n >= 0 else 256 - count]) + bytes(out)
    raise MarshalError(f"integer out of range: {n}")


def marshal_dump(value: Any) -> bytes:
    symbols: dict[str, int] = {}
    out = bytearray(MARSHAL_HEADER)

    def symbol(name: str) -> None:
        if name in symbols:
            out.extend(b";" + _long(symbols[name]))
            return
        symbols[name] = len(symbols)
        raw = name.encode()
        out.extend(b":" + _long(len(raw)) + raw)

    def write(item: Any) -> None:
        if item is None:
            out.extend(b"0")
        elif item is True:
            out.extend(b"T")
        elif item is False:
            out.extend(b"F")
        elif isinstance(item, int):
            if -FIXNUM_MAX - 1 <= item <= FIXNUM_MAX:
                out.extend(b"i" + _long(item))
            else:
                magnitude = abs(item).to_bytes((abs(item).bit_length() + 15) // 16 * 2, "little")
                out.extend(b"l" + (b"+" if item >= 0 else b"-") + _long(len(magnitude) // 2) + magnitude)
        elif isinstance(item, Symbol):
            symbol(item)
        elif isinstance(item, str):
            raw = item.encode()
            out.extend(b'I"' + _long(len(raw)) + raw + _long(1))
            symbol("E")
            out.extend(b"T")
        elif isinstance(item, list):
            out.extend(b"[" + _long(len(item)))
            for element in item:
                write(element)
        elif isinstance(item, dict):
            out.extend(b"{" + _long(len(item)))
            for key, element in item.items():
                write(key)
                write(element)
        else:
            raise MarshalError(f"cannot marshal {type(item).__name__}")

    write(value)
    return bytes(out)


def marshal_load(data: bytes) -> Any:
    if not data.startswith(MARSHAL_HEADER):
        raise MarshalError("not a Marshal 4.8 stream")
    pos = len(MARSHAL_HEADER)
    symbols: list[Symbol] = []

    def byte() -> int:
        nonlocal pos
        if pos >= len(data):
            raise MarshalError("truncated")
        pos += 1
        return data[pos - 1]

    def take(count: int) -> bytes:
        nonlocal pos
        if count < 0 or pos + count > len(data):
            raise MarshalError("truncated")
        pos += count
        return data[pos - count : pos]

    def long() -> int:
        c = byte()
        if c == 0:
            return 0
        signed = c - 256 if c > 127 else c
        if 4 < signed < 128:
            return signed - 5
        if -129 < signed < -4:
            return signed + 5
        raw = take(abs(signed))
        value = int.from_bytes(raw, "little")
        return value if signed > 0 else value - (1 << (8 * len(raw)))

    def read() -> Any:
        tag = bytes([byte()])
        if tag == b"0":
            return None
        if tag == b"T":
            return True
        if tag == b"F":
            return False
        if tag == b"i":
            return long()
        if tag == b"l":
            sign = take(1)
            value = int.from_bytes(take(long() * 2), "little")
            return value if sign == b"+" else -value
        if tag == b":":
            name = Symbol(take(long()).decode())
            symbols.append(name)
            return name
        if tag == b";":
            index = long()
            if not 0 <= index < len(symbols):
                raise MarshalError("bad symbol link")
            return symbols[index]
        if tag == b'"':
            return take(long()).decode("utf-8", "replace")
        if tag == b"I":
            inner = read()
            for _ in range(long()):  # instance variables: the string's encoding
                read()
                read()
            return inner
        if tag == b"[":
            return [read() for _ in range(long())]
        if tag == b"{":
            count = long()
            result: dict[Any, Any] = {}
            for _ in range(count):
                key = read()
                result[key] = read()
            return result
        raise MarshalError(f"unsupported Marshal type {tag!r}")

    value = read()
    if pos != len(data):
        raise MarshalError("trailing bytes")
    return value


# --- MessageVerifier --------------------------------------------------------------------------------


def _expiry(at: float) -> str:
    moment = datetime.fromtimestamp(at, tz=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


class MessageVerifier:
    """ActiveSupport::MessageVerifier with Marshal, SHA1 and the legacy metadata envelope."""

    __slots__ = ("_secret",)

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def _digest(self, data: str) -> str:
        return hmac.new(self._secret, data.encode("ascii"), hashlib.sha1).hexdigest()

    def generate(self, value: Any, *, purpose: str, expires_at: float | None = None) -> str:
        envelope = {
            "_rails": {
                "message": base64.b64encode(marshal_dump(value)).decode("ascii"),
                "exp": None if expires_at is None else _expiry(expires_at),
                "pur": purpose,
            }
        }
        data = base64.b64encode(orjson.dumps(envelope)).decode("ascii")
        return f"{data}--{self._digest(data)}"

    def verified(self, message: object, *, purpose: str, now: float) -> Any | None:
        """The value, or None when the message is not ours, for another purpose, or expired
        (ActiveSupport answers nil; `verify` and `find_signed!` raise InvalidSignature)."""
        if not isinstance(message, str) or "--" not in message:
            return None
        data, _, digest = message.rpartition("--")
        if not data or not hmac.compare_digest(
            digest.encode("ascii", "replace"), self._digest(data).encode()
        ):
            return None
        try:
            envelope = orjson.loads(base64.b64decode(data, validate=True))
            meta = envelope["_rails"]
            if meta.get("pur") != purpose:
                return None
            expires = meta.get("exp")
            if expires is not None and datetime.fromisoformat(expires).timestamp() <= now:
                return None
            return marshal_load(base64.b64decode(meta["message"], validate=True))
        except (binascii.Error, orjson.JSONDecodeError, MarshalError, KeyError, TypeError, ValueError):
            return None
