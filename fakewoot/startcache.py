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
- **The default set ships its entry** (fixtures/default.start), so even the first start of a fresh
  install is fast: written by `python -m fakewoot.startcache --packaged`, kept current by a test, and
  used only while its header matches: fakewoot's version, the seed, the default set's files and the
  contents of the source files the state depends on (an edited checkout falls back to the cache).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import struct
import subprocess
import sys
import time
import zlib
from array import array
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
PATCHES = "patches-2"  # int64s: the count of doubles, their positions, then (position, code) pairs
PROBE_SECONDS = 1_000_000.0  # how far the second load's clock is from the first
SUFFIX = ".fakewoot"
# patch codes: where a number taken from the clock sits in the pickle, and how it is written there
FLOAT = 0  # BINFLOAT: 8 bytes, big-endian double
INT32 = 1  # BININT: 4 bytes, little-endian signed
LONG1 = 2  # LONG1 of n bytes: code LONG1 * 100 + n
BINFLOAT, BININT, LONG1_OP = ord("G"), ord("J"), 0x8A  # their pickle opcodes
_DOUBLE, _INT32 = struct.Struct(">d"), struct.Struct("<i")
HIT, MISS, OFF = "hit", "miss", "off"
# what a loaded state depends on, besides the fixture files (globs under fakewoot/)
STATE_SOURCES = (
    "store/**/*.py",
    "events/*.py",
    "seeding*.py",
    "fixture_models.py",
    "generate.py",
    "ids.py",
    "clock.py",
    "errors.py",
    "control.py",
    "persistence.py",
    "records.py",
    "startcache.py",
    "version.py",
)
BUILD_LOCK_SECONDS = 600.0  # a builder's lock older than this is left over from a crash
PACKAGED = Path(__file__).parent / "fixtures" / "default.start"  # the default set's entry, shipped
PACKAGED_STARTED = 1_767_225_600.0  # 2026-01-01T00:00:00Z: the clock of the shipped entry's load
PACKAGED_COMMAND = "python -m fakewoot.startcache --packaged"


def cache_folder(environ: Mapping[str, str] | None = None) -> Path:
    environ = os.environ if environ is None else environ
    base = environ.get("XDG_CACHE_HOME") or str(Path(environ.get("HOME") or Path.home()) / ".cache")
    return Path(base) / "fakewoot"


def code_fingerprint(root: Path | None = None) -> str:
    """Names, sizes and modification times of the source files a loaded state depends on (the store,
    seeding and its models, ids, clock, errors, events, this format): about 1 ms."""
    root = Path(__file__).parent if root is None else root
    digest = hashlib.sha256()
    for name in source_files(root):
        info = (root / name).stat()
        digest.update(f"{name}:{info.st_size}:{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def cache_key(folder: Path, seed: int) -> str:
    """The set's content and everything else its loaded state depends on; OSError if unreadable."""
    digest = hashlib.sha256()
    for part in (__version__, sys.version, code_fingerprint(), repr(seed), folder_digest(folder)):
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()[:32]


def load(
    fake: FakeChatwoot,
    folder: Path,
    *,
    cache: Path | None = None,
    spawn: bool = True,
    packaged: Path | None = PACKAGED,
) -> str:
    """Seed `fake` from `folder` through the cache: HIT (from the cache, or for the default set the
    entry `packaged` with fakewoot), MISS (loaded; a child writes the cache, or this process when
    `spawn` is False) or OFF (the folder's files cannot be read)."""
    folder = Path(folder)
    if packaged is not None and load_shipped(fake, folder, packaged):
        return HIT
    cache = cache_folder() if cache is None else cache
    try:
        key = cache_key(folder, fake.settings.seed)
    except OSError:
        fake.load(folder, shipped=False)  # reports the unreadable folder as seeding does
        return OFF
    target = cache / f"{key}{SUFFIX}"
    loaded = _read(target, fake.clock.now())
    if loaded is not None:
        adopt(fake, loaded)
        fake.fixtures = folder
        gc.freeze()  # as after a load: the records stay out of later collections (no garbage to collect)
        return HIT
    started = _load_frozen(fake, folder)
    if spawn:
        _spawn_builder(folder, fake.settings.seed, started, target)
    else:
        build(folder, fake.settings.seed, started, target)
    return MISS


def _load_frozen(fake: FakeChatwoot, folder: Path) -> float:
    """The set's files loaded (the shipped entry was tried, or is not wanted, before this) with the
    clock held still at the current second (returned)."""
    from fakewoot.clock import FrozenClock

    clock = fake.clock
    started = float(int(clock.now()))  # a whole second: moving the times later is exact arithmetic
    fake.set_clock(FrozenClock(started))
    try:
        fake.load(folder, shipped=False)
    finally:
        fake.set_clock(clock)
    return started


def load_shipped(fake: FakeChatwoot, folder: Path, entry: Path = PACKAGED) -> bool:
    """Seed `fake` from the entry fakewoot ships when `folder` is the default set and the entry is
    current for this fakewoot and the fake's seed (its times moved to the fake's clock); False when
    it is not."""
    if not _is_default(folder):
        return False
    loaded = _read_packaged(entry, folder, fake.settings.seed, fake.clock.now())
    if loaded is None:
        return False
    adopt(fake, loaded)
    fake.fixtures = folder
    gc.freeze()  # as after a load: the records stay out of later collections (no garbage to collect)
    return True


def _is_default(folder: Path) -> bool:
    from fakewoot.settings import DEFAULT_FIXTURES

    try:
        return folder.resolve() == DEFAULT_FIXTURES.resolve()
    except OSError:
        return False


def _read_packaged(entry: Path, folder: Path, seed: int, now: float) -> Loaded | None:
    """The shipped entry of the default set when it is current for this fakewoot and `seed`."""

    def current(header: Mapping[str, Any]) -> bool:
        files = header.get("sources")
        if header.get("fakewoot") != __version__ or header.get("seed") != seed or not isinstance(files, list):
            return False
        try:
            if header.get("fixtures") != folder_digest(folder) or header.get("code") != source_digest(files):
                print(f"fakewoot: {entry.name} is stale (run `{PACKAGED_COMMAND}`)", file=sys.stderr)
                return False
        except OSError:
            return False
        return True

    return _read(entry, now, current)


def folder_digest(folder: Path) -> str:
    """The names and bytes of a fixture folder's files."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        data = path.read_bytes()
        digest.update(f"{path.name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def source_files(root: Path | None = None) -> list[str]:
    """The source files a loaded state depends on (STATE_SOURCES), relative to the package."""
    root = Path(__file__).parent if root is None else root
    return [str(path.relative_to(root)) for pattern in STATE_SOURCES for path in sorted(root.glob(pattern))]


def source_digest(files: list[Any], root: Path | None = None) -> str:
    """A checksum of these source files' names and contents (CRC-32: this tells an edited checkout
    from the one the entry was written in, in about 2 ms for all of them); OSError if one is gone."""
    folder = str(Path(__file__).parent if root is None else root)
    checksum, size = 0, 0
    for name in files:
        descriptor = os.open(os.path.join(folder, str(name)), os.O_RDONLY)
        try:
            data = os.read(descriptor, os.fstat(descriptor).st_size + 1)
        finally:
            os.close(descriptor)
        checksum = zlib.crc32(data, zlib.crc32(str(name).encode(), checksum))
        size += len(data)
    return f"{checksum:08x}-{size}"


def _read(
    target: Path, now: float, accept: Callable[[Mapping[str, Any]], bool] | None = None
) -> Loaded | None:
    """The entry, its clock's numbers moved to `now`; None when there is none, when `accept` refuses
    its header, or when it cannot be used (then one line on stderr says why, and the set is loaded
    as usual)."""
    try:
        data = target.read_bytes()
    except OSError:
        return None
    try:
        # no record-layout check (about 7 ms of a start): the entry's key (or for the shipped entry
        # its `code` digest) covers the source files the layout is computed from
        header, sections = open_sections(data, check_layout=False)
        if accept is not None and not accept(header):
            return None
        clock = sections.get(SECTION_CLOCK)
        started = header.get("started")
        if clock is None or clock.kind != PATCHES or not isinstance(started, (int, float)):
            raise StateFileError("no clock section")
        blob = shift(bytes(sections[SECTION_STATE].data), clock.data, started, now)
        if blob is None:
            raise StateFileError("a time moved to now no longer fits its place")
        return load_sections(header, blob, sections[SECTION_SEEDED])
    except StateFileError as error:
        print(f"fakewoot: start cache entry {target.name} not used: {error}", file=sys.stderr, flush=True)
        return None


def shift(blob: bytes, patches: memoryview, started: float, now: float) -> bytes | None:
    """The pickle as if loaded at `now` rather than `started`: every number taken from the clock
    moved (integers, int(clock) + k, by whole seconds); None when one no longer fits its place."""
    codes = array("q")
    codes.frombytes(bytes(patches))
    if len(codes) <= 1:  # no number came from the clock
        return blob
    count = codes[0]
    doubles, others = codes[1 : 1 + count], codes[1 + count :]
    buffer = bytearray(blob)
    seconds, whole = now - started, int(now) - int(started)
    pack_double, unpack_double = _DOUBLE.pack_into, _DOUBLE.unpack_from
    try:
        for position in doubles:  # nearly all of them: one tight loop
            pack_double(buffer, position, unpack_double(buffer, position)[0] + seconds)
        for index in range(0, len(others), 2):
            position, code = others[index], others[index + 1]
            if code == INT32:
                _INT32.pack_into(buffer, position, _INT32.unpack_from(buffer, position)[0] + whole)
            else:
                size = code - LONG1 * 100
                value = int.from_bytes(buffer[position : position + size], "little", signed=True) + whole
                buffer[position : position + size] = value.to_bytes(size, "little", signed=True)
    except (struct.error, OverflowError, IndexError):
        return None
    return bytes(buffer)


# --------------------------------------------------------------------------- writing the cache


def _spawn_builder(folder: Path, seed: int, started: float, target: Path) -> None:
    """A detached child builds the entry (one per entry at a time: a lock file beside it)."""
    lock = _lock_path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(OSError):
            if time.time() - lock.stat().st_mtime > BUILD_LOCK_SECONDS:
                lock.unlink()
        os.close(os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except OSError:
        return  # another start is building it, or the folder cannot be written: no cache this time
    command = [
        sys.executable,
        "-m",
        "fakewoot.startcache",
        str(folder),
        repr(seed),
        repr(started),
        str(target),
    ]
    try:
        subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # not in the server's process group: Ctrl-C does not reach it
            close_fds=True,
        )
    except OSError:
        lock.unlink(missing_ok=True)


def _lock_path(target: Path) -> Path:
    return target.with_name(target.name + ".building")


def _frozen_snapshot(folder: Path, seed: int, at: float) -> bytes:
    from fakewoot.clock import FrozenClock
    from fakewoot.control import FakeChatwoot
    from fakewoot.settings import Settings

    fake = FakeChatwoot(Settings(seed=seed), clock=FrozenClock(at), load=False)
    try:
        fake.load(folder, shipped=False)
        return fake.snapshot()
    finally:
        fake.close()


def clock_patches(first: bytes, second: bytes) -> bytes | None:
    """The positions (and codes) of the numbers taken from the clock in `first`, a set's pickle
    loaded at a whole second T, given `second`, the same set loaded at T + PROBE_SECONDS: the bytes
    that differ must all be such numbers, and moving them must turn `first` into `second` exactly;
    None otherwise (the load depends on the time some other way)."""
    if len(first) != len(second):
        return None
    doubles, others = array("q"), array("q")
    covered = -1
    for position in _differences(first, second):
        if position < covered:
            continue
        patch = _number_at(first, second, position)
        if patch is None:
            return None
        if patch[1] == FLOAT:
            doubles.append(patch[0])
        else:
            others.extend(patch)
        covered = patch[0] + (8 if patch[1] == FLOAT else 4 if patch[1] == INT32 else patch[1] - LONG1 * 100)
    patches = (array("q", [len(doubles)]) + doubles + others).tobytes()
    if shift(first, memoryview(patches), 0.0, PROBE_SECONDS) != second:
        return None
    return patches


def _differences(first: bytes, second: bytes, chunk: int = 4096) -> Iterator[int]:
    """Positions where two equally long byte strings differ (chunks compared in C first)."""
    a, b = memoryview(first), memoryview(second)
    for start in range(0, len(first), chunk):
        if a[start : start + chunk] != b[start : start + chunk]:
            for position in range(start, min(start + chunk, len(first))):
                if first[position] != second[position]:
                    yield position


def _number_at(first: bytes, second: bytes, position: int) -> tuple[int, int] | None:
    """(payload position, code) of the BINFLOAT, BININT or LONG1 number covering `position` that
    moved by PROBE_SECONDS between the two pickles, or None."""
    for start in range(max(1, position - 7), position + 1):
        opcode = first[start - 1]
        if opcode == BINFLOAT and start + 8 <= len(first):
            before, after = _DOUBLE.unpack_from(first, start)[0], _DOUBLE.unpack_from(second, start)[0]
            if after - before == PROBE_SECONDS:
                return start, FLOAT
        if opcode == BININT and start + 4 > position and start + 4 <= len(first):
            before, after = _INT32.unpack_from(first, start)[0], _INT32.unpack_from(second, start)[0]
            if after - before == PROBE_SECONDS:
                return start, INT32
        if start >= 2 and first[start - 2] == LONG1_OP and start + opcode > position:
            size = opcode
            before = int.from_bytes(first[start : start + size], "little", signed=True)
            after = int.from_bytes(second[start : start + size], "little", signed=True)
            if after - before == PROBE_SECONDS:
                return start, LONG1 * 100 + size
    return None


def _entry(folder: Path, seed: int, started: float, notes: Mapping[str, Any]) -> bytes | None:
    """An entry's bytes: the set loaded at `started` and at `started` + PROBE_SECONDS, the clock's
    numbers found by comparing them; None when the load depends on the time some other way."""
    first = _frozen_snapshot(folder, seed, started)
    second = _frozen_snapshot(folder, seed, started + PROBE_SECONDS)
    patches = clock_patches(first, second)
    if patches is None:
        return None
    return encode_parts(first, first, False, extra=((SECTION_CLOCK, PATCHES, patches),), notes=notes)


def build(folder: Path, seed: int, started: float, target: Path) -> bool:
    """Load the set at `started` and at `started` + PROBE_SECONDS, find the clock's numbers, and
    write the cache entry atomically; False (and nothing written) when the set cannot be cached."""
    data = _entry(folder, seed, started, {"started": started})
    if data is None:
        return False
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, data)
    except OSError:
        return False
    return True


def write_packaged(entry: Path = PACKAGED) -> bool:
    """Write the default set's shipped entry (loaded at PACKAGED_STARTED with the default seed)."""
    from fakewoot.settings import DEFAULT_FIXTURES, Settings

    seed = Settings().seed
    files = source_files()
    notes = {
        "started": PACKAGED_STARTED,
        "seed": seed,
        "fixtures": folder_digest(DEFAULT_FIXTURES),
        "sources": files,
        "code": source_digest(files),
    }
    data = _entry(DEFAULT_FIXTURES, seed, PACKAGED_STARTED, notes)
    if data is None:
        return False
    write_atomically(entry, data)
    entry.chmod(0o644)  # shipped in the package: readable by everyone
    return True


def main(argv: list[str]) -> int:
    if argv == ["--packaged"]:
        if os.environ.get("PYTHONHASHSEED") != "0":  # the same bytes from every run (set orders)
            return subprocess.call(
                [sys.executable, "-m", "fakewoot.startcache", *argv],
                env={**os.environ, "PYTHONHASHSEED": "0"},
            )
        ok = write_packaged()
        print(f"fakewoot: {'wrote' if ok else 'could not write'} {PACKAGED}")
        return 0 if ok else 1
    folder, seed, started, target = argv
    try:
        return 0 if build(Path(folder), int(seed), float(started), Path(target)) else 1
    finally:
        _lock_path(Path(target)).unlink(missing_ok=True)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
