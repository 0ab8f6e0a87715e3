"""Per-table integer sequences and seeded token generators (deterministic by default)."""

from __future__ import annotations

import random
import string
import uuid

_URLSAFE = string.ascii_letters + string.digits + "-_"
_ALNUM = string.ascii_letters + string.digits


class Sequences:
    """One integer sequence per table name, each starting at 1."""

    def __init__(self) -> None:
        self._last: dict[str, int] = {}

    def next(self, table: str) -> int:
        value = self._last.get(table, 0) + 1
        self._last[table] = value
        return value

    def bump(self, table: str, used: int) -> None:
        """Make sure the next id of `table` is above an id a fixture set explicitly."""
        if used > self._last.get(table, 0):
            self._last[table] = used

    def peek(self, table: str) -> int:
        return self._last.get(table, 0)


class Tokens:
    """Seeded generators for every secret fakewoot hands out (same seed, same tokens)."""

    def __init__(self, seed: int | str = 0) -> None:
        self._rng = random.Random(seed)

    def urlsafe(self, length: int) -> str:
        """Like SecureRandom.urlsafe_base64 output: devise token auth's client ids and tokens."""
        return "".join(self._rng.choices(_URLSAFE, k=length))

    def alnum(self, length: int) -> str:
        """Like has_secure_token: access tokens, pubsub tokens."""
        return "".join(self._rng.choices(_ALNUM, k=length))

    def hex(self, length: int) -> str:
        return f"{self._rng.getrandbits(length * 4):0{length}x}"

    def uuid4(self) -> str:
        """SecureRandom.uuid: a version-4 UUID string."""
        return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))

    def randbelow(self, n: int) -> int:
        return self._rng.randrange(n)
