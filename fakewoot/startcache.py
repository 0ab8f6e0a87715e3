"""The start cache: a fixture set's loaded state, kept in the state file format under
$XDG_CACHE_HOME/fakewoot (or ~/.cache/fakewoot), so the second start of any set (100,000 generated
contacts included) skips YAML, pydantic, faker and the seeding itself.

- **Key**: fakewoot's version, the Python version, a fingerprint of fakewoot's own source files (an
  edited checkout invalidates it), the token seed and every file of the fixture folder (names and
  bytes). A cache whose key differs is simply never found; one that does not check out (damaged,
  another record layout) is ignored and the set is loaded as usual.
- **Time**: seeding reads the clock (records the set gives no time get "now"). A miss loads the set
  with the clock frozen at its start time T; a child process then loads it again at T + 1,000,000 s
  and compares the two pickles opcode by opcode: the numbers that moved are exactly the ones taken
  from the clock, and their byte positions are stored beside the pickle. A hit moves those numbers by
  (now - T) in the bytes before unpickling, so the state is the one a fresh load now would give (to
  the second for integer times), and reset() returns to it. A set whose load differs otherwise (a
  string made from the time) is not cached.
- **Never in the way**: the cache is written by a detached child process after the server started,
  atomically; a folder that cannot be written, or a child that fails, only means no cache.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import struct
import subprocess
import sys
from array import array
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from fakewoot.persistence import (
    SECTION_SEEDED,
    SECTION_STATE,
    Loaded,
    StateFileError,
    adopt,
    encode_parts,
    load_sections,
    open_sections,
    write_atomically,
)
from fakewoot.version import __version__

if TYPE_CHECKING:
    from fakewoot.control import FakeChatwoot

SECTION_CLOCK = "clock"
PATCHES = "patches"
PROBE_SECONDS = 1_000_000.0  # how far the second load's clock is from the first
SUFFIX = ".fakewoot"
# patch codes: where a number taken from the clock sits in the pickle, and how it is written there
FLOAT = 0  # BINFLOAT: 8 bytes, big-endian double
INT32 = 1  # BININT: 4 bytes, little-endian signed
LONG1 = 2  # LONG1 of n bytes: code LONG1 * 100 + n
INT_CODES = {"BININT": INT32}
HIT, MISS, OFF = "hit", "miss", "off"


def cache_folder(environ: Mapping[str, str] | None = None) -> Path:
    environ = os.environ if environ is None else environ
    base = environ.get("XDG_CACHE_HOME") or str(Path(environ.get("HOME") or Path.home()) / ".cache")
    return Path(base) / "fakewoot"


def code_fingerprint() -> str:
    """Names, sizes and modification times of fakewoot's source files (about 2 ms)."""
    root = Path(__file__).parent
    digest = hashlib.sha256()
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                info = os.stat(os.path.join(folder, name))
                digest.update(f"{folder}/{name}:{info.st_size}:{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def cache_key(folder: Path, seed: int) -> str:
    """The set's content and everything else its loaded state depends on; OSError if unreadable."""
    digest = hashlib.sha256()
    for part in (__version__, sys.version, code_fingerprint(), repr(seed)):
        digest.update(part.encode() + b"\0")
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        data = path.read_bytes()
        digest.update(f"{path.name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()[:32]


def load(fake: FakeChatwoot, folder: Path, *, cache: Path | None = None, spawn: bool = True) -> str:
    """Seed `fake` from `folder` through the cache: HIT (from the cache), MISS (loaded; a child writes
    the cache, or this process when `spawn` is False) or OFF (the folder's files cannot be read)."""
    folder = Path(folder)
    cache = cache_folder() if cache is None else cache
    try:
        key = cache_key(folder, fake.settings.seed)
    except OSError:
        fake.load(folder)  # reports the unreadable folder as seeding does
        return OFF
    target = cache / f"{key}{SUFFIX}"
    loaded = _read(target, fake.clock.now())
    if loaded is not None:
        adopt(fake, loaded)
        fake.fixtures = folder
        gc.collect()
        gc.freeze()
        return HIT
    started = _load_frozen(fake, folder)
    if spawn:
        _spawn_builder(folder, fake.settings.seed, started, target)
    else:
        build(folder, fake.settings.seed, started, target)
    return MISS


def _load_frozen(fake: FakeChatwoot, folder: Path) -> float:
    """fake.load(folder) with the clock held still at its current time (returned)."""
    from fakewoot.clock import FrozenClock

    clock = fake.clock
    started = clock.now()
    fake.set_clock(FrozenClock(started))
    try:
        fake.load(folder)
    finally:
        fake.set_clock(clock)
    return started


def _read(target: Path, now: float) -> Loaded | None:
    try:
        data = target.read_bytes()
    except OSError:
        return None
    try:
        header, sections = open_sections(data)
        clock = sections.get(SECTION_CLOCK)
        started = header.get("started")
        if clock is None or clock.kind != PATCHES or not isinstance(started, (int, float)):
            return None
        blob = shift(bytes(sections[SECTION_STATE].data), clock.data, started, now)
        if blob is None:
            return None
        return load_sections(header, blob, sections[SECTION_SEEDED])
    except StateFileError:
        return None


def shift(blob: bytes, patches: memoryview, started: float, now: float) -> bytes | None:
    """The pickle as if loaded at `now` rather than `started`: every number taken from the clock
    moved (integers, int(clock) + k, by whole seconds); None when one no longer fits its place."""
    if not patches:
        return blob
    codes = array("q")
    codes.frombytes(bytes(patches))
    buffer = bytearray(blob)
    seconds, whole = now - started, int(now) - int(started)
    pack_double, unpack_double = struct.Struct(">d").pack_into, struct.Struct(">d").unpack_from
    pack_int, unpack_int = struct.Struct("<i").pack_into, struct.Struct("<i").unpack_from
    try:
        for index in range(0, len(codes), 2):
            position, code = codes[index], codes[index + 1]
            if code == FLOAT:
                pack_double(buffer, position, unpack_double(buffer, position)[0] + seconds)
            elif code == INT32:
                pack_int(buffer, position, unpack_int(buffer, position)[0] + whole)
            else:
                size = code - LONG1 * 100
                value = int.from_bytes(buffer[position : position + size], "little", signed=True) + whole
                buffer[position : position + size] = value.to_bytes(size, "little", signed=True)
    except (struct.error, OverflowError, IndexError):
        return None
    return bytes(buffer)


# --------------------------------------------------------------------------- writing the cache


def _spawn_builder(folder: Path, seed: int, started: float, target: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "fakewoot.startcache",
        str(folder),
        repr(seed),
        repr(started),
        str(target),
    ]
    with contextlib.suppress(OSError):  # no cache this time
        subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # not in the server's process group: Ctrl-C does not reach it
            close_fds=True,
        )


def _frozen_snapshot(folder: Path, seed: int, at: float) -> bytes:
    from fakewoot.clock import FrozenClock
    from fakewoot.control import FakeChatwoot
    from fakewoot.settings import Settings

    fake = FakeChatwoot(Settings(seed=seed), clock=FrozenClock(at), fixtures=folder)
    try:
        return fake.snapshot()
    finally:
        fake.close()


def clock_patches(first: bytes, second: bytes) -> bytes | None:
    """Compare two pickles of one set loaded `PROBE_SECONDS` apart, opcode by opcode: the positions
    (and codes) of the numbers that moved by that much; None when anything else differs."""
    import pickletools

    if len(first) != len(second):
        return None
    found = array("q")
    whole = int(PROBE_SECONDS)
    for (op, arg, pos), (op2, arg2, pos2) in zip(
        pickletools.genops(first), pickletools.genops(second), strict=False
    ):
        if op.name != op2.name or pos != pos2 or pos is None:
            return None
        if arg == arg2:
            continue
        if op.name == "BINFLOAT" and isinstance(arg, float) and isinstance(arg2, float):
            if abs(arg2 - arg - PROBE_SECONDS) > 1e-3:
                return None
            found.extend((pos + 1, FLOAT))
        elif op.name in INT_CODES and isinstance(arg, int) and isinstance(arg2, int) and arg2 - arg == whole:
            found.extend((pos + 1, INT_CODES[op.name]))
        elif op.name == "LONG1" and isinstance(arg, int) and isinstance(arg2, int) and arg2 - arg == whole:
            found.extend((pos + 2, LONG1 * 100 + first[pos + 1]))
        else:
            return None
    return found.tobytes()


def build(folder: Path, seed: int, started: float, target: Path) -> bool:
    """Load the set at `started` and at `started` + PROBE_SECONDS, find the clock's numbers, and
    write the cache entry atomically; False (and nothing written) when the set cannot be cached."""
    first = _frozen_snapshot(folder, seed, started)
    second = _frozen_snapshot(folder, seed, started + PROBE_SECONDS)
    patches = clock_patches(first, second)
    if patches is None:
        return False
    data = encode_parts(
        first, first, False, extra=((SECTION_CLOCK, PATCHES, patches),), notes={"started": started}
    )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, data)
    except OSError:
        return False
    return True


def main(argv: list[str]) -> int:
    folder, seed, started, target = argv
    return 0 if build(Path(folder), int(seed), float(started), Path(target)) else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
