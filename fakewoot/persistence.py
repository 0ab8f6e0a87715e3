"""The state file: a fake's whole state in one file (`--state-file`, `/_fakewoot/state/export`, the
start cache), written atomically and read back only when it is whole, ours and safe.

Layout: the magic line, one line of JSON (the header), then the payload:

    FAKEWOOT STATE\\n
    {"format": 1, "fakewoot": "0.1.0", "python": "3.11.9", "layout": "<hex>", "sha256": "<hex>",
     "sections": [["state", <bytes>, "pickle"], ["seeded", <bytes>, "pickle" | "pickle+zlib"]]}\\n
    <state section><seeded section>

`state` is the store's snapshot (a pickle of `State`), `seeded` what `reset()` returns to, kept as the
store keeps it. `layout` fingerprints the record classes' fields, so a file written by a fakewoot whose
records look different is refused rather than half-loaded. Pickles are read with `SafeUnpickler`,
which builds only fakewoot's own record classes and a few stdlib types: a state file cannot run code.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import functools
import gc
import hashlib
import importlib
import io
import os
import pickle
import sys
import tempfile
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from fakewoot.records import dataclass
from fakewoot.version import __version__

if TYPE_CHECKING:
    from fakewoot.control import FakeChatwoot
    from fakewoot.store.state import State, Store

MAGIC = b"FAKEWOOT STATE\n"
FORMAT_VERSION = 1
MAX_HEADER_BYTES = 64 * 1024
PICKLE = "pickle"
PICKLE_ZLIB = "pickle+zlib"
SAME_AS_STATE = "same-as-state"  # the seeded state is the state (a start cache)
SECTION_STATE = "state"
SECTION_SEEDED = "seeded"

MSG_NOT_STATE = "not a fakewoot state file (no FAKEWOOT STATE header)"
MSG_BAD_HEADER = "a damaged state file header"
MSG_NEWER = "state file format {found} is newer than this fakewoot reads ({ours}): upgrade fakewoot"
MSG_CHECKSUM = "state file checksum mismatch (the file is truncated or damaged)"
MSG_LAYOUT = (
    "state file written by fakewoot {version} with another record layout than this fakewoot "
    "{ours}'s: start without it (or with the fakewoot that wrote it)"
)
MSG_FORBIDDEN = "state file refused: it asks for {name}, which a fakewoot state never holds"
MSG_DAMAGED = "state file refused: its {section} section cannot be read ({error})"

# Modules whose classes a state holds (records, tables, sequences); the stdlib types it may hold.
RECORD_PACKAGES = ("fakewoot.store",)
RECORD_MODULES = ("fakewoot.ids",)
SAFE_GLOBALS = frozenset(
    {
        ("builtins", "set"),
        ("builtins", "frozenset"),
        ("builtins", "bytearray"),
        ("builtins", "complex"),
        ("builtins", "list"),
        ("builtins", "dict"),
        ("builtins", "int"),
        ("builtins", "float"),
        ("builtins", "str"),
        ("builtins", "tuple"),
        ("collections", "OrderedDict"),
        ("collections", "deque"),
        ("collections", "defaultdict"),
        ("datetime", "datetime"),
        ("datetime", "date"),
        ("datetime", "time"),
        ("datetime", "timedelta"),
        ("datetime", "timezone"),
        ("decimal", "Decimal"),
        ("random", "Random"),
    }
)
# functions fakewoot's records name as their pickle reducers (FrozenDict -> _empty)
SAFE_REDUCERS = frozenset({("fakewoot.store.contacts", "_empty")})


class StateFileError(Exception):
    """A state file that cannot be used; str() is one line saying why."""


def _record_module(module: str) -> bool:
    return module in RECORD_MODULES or any(module.startswith(p + ".") for p in RECORD_PACKAGES)


class SafeUnpickler(pickle.Unpickler):
    """Builds SAFE_GLOBALS and fakewoot's own data classes only: any class of the store's modules
    (records, tables, sequences), and dataclasses and enums of fakewoot's other modules (records a
    feature keeps elsewhere); nothing else, so no function a file names can be called."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in SAFE_GLOBALS:
            return super().find_class(module, name)
        if (module == "fakewoot" or module.startswith("fakewoot.")) and "." not in name:
            found = getattr(importlib.import_module(module), name, None)
            if _data_class(found, module):
                return found
            if (module, name) in SAFE_REDUCERS:
                return found
        raise StateFileError(MSG_FORBIDDEN.format(name=f"{module}.{name}"[:200]))


def _data_class(found: object, module: str) -> bool:
    if not isinstance(found, type) or found.__module__ != module:
        return False
    return _record_module(module) or dataclasses.is_dataclass(found) or issubclass(found, enum.Enum)


def safe_loads(blob: bytes, section: str = SECTION_STATE) -> Any:
    enabled = gc.isenabled()
    gc.disable()  # building 100,000 records would trigger many useless collections
    try:
        return SafeUnpickler(io.BytesIO(blob)).load()
    except StateFileError:
        raise
    except Exception as error:  # a damaged pickle: any of a dozen exception types
        raise StateFileError(MSG_DAMAGED.format(section=section, error=_one_line(error))) from None
    finally:
        if enabled:
            gc.enable()


def _one_line(error: BaseException) -> str:
    text = str(error).splitlines()
    return (text[0] if text else type(error).__name__)[:200]


@functools.cache
def layout_fingerprint() -> str:
    """A hash of every record class's fields (store modules and ids): what a pickled state relies on."""
    import pkgutil  # only here: a start from the start cache never computes the layout

    parts: list[str] = []
    modules = list(RECORD_MODULES)
    for package_name in RECORD_PACKAGES:
        package = importlib.import_module(package_name)
        modules += [f"{package_name}.{m.name}" for m in pkgutil.iter_modules(package.__path__)]
    for module_name in sorted(modules):
        module = importlib.import_module(module_name)
        for name, value in sorted(vars(module).items()):
            if not isinstance(value, type) or value.__module__ != module_name:
                continue
            if dataclasses.is_dataclass(value):
                names = [f.name for f in dataclasses.fields(value)]
            else:
                names = [s for c in value.__mro__ for s in getattr(c, "__slots__", ())]
            parts.append(f"{module_name}.{name}:{','.join(names)}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Section:
    kind: str
    data: memoryview


@dataclass(frozen=True, slots=True)
class Loaded:
    """A state file's contents, checked: the live state and what reset() returns to."""

    state: State
    seeded: bytes | None
    seeded_compressed: bool
    header: dict[str, Any]


def encode(store: Store, layout: str | None = None) -> bytes:
    """The state file's bytes for this store (its snapshot and seeded state)."""
    return encode_parts(store.snapshot(), store._seeded, store._seeded_compressed, layout)


def encode_parts(
    blob: bytes,
    seeded: bytes | None,
    compressed: bool,
    layout: str | None = None,
    extra: tuple[tuple[str, str, bytes], ...] = (),
    notes: Mapping[str, Any] | None = None,
) -> bytes:
    """The state file's bytes: `blob` the pickled state; `seeded` what reset() returns to (zlib'd when
    `compressed`), or the same bytes as `blob` (then written once); `extra` more (name, kind, bytes)
    sections (the start cache's clock patches)."""
    if seeded is blob:
        parts = [(SECTION_STATE, PICKLE, blob), (SECTION_SEEDED, SAME_AS_STATE, b"")]
    else:
        parts = [
            (SECTION_STATE, PICKLE, blob),
            (SECTION_SEEDED, PICKLE_ZLIB if compressed else PICKLE, seeded or b""),
        ]
    parts.extend(extra)
    digest = hashlib.sha256()
    for _, _, section in parts:
        digest.update(section)
    header = {
        "format": FORMAT_VERSION,
        "fakewoot": __version__,
        "python": sys.version.split()[0],
        "layout": layout or layout_fingerprint(),
        "sha256": digest.hexdigest(),
        "sections": [[name, len(section), kind] for name, kind, section in parts],
        **(notes or {}),
    }
    return b"".join((MAGIC, orjson.dumps(header), b"\n", *(section for _, _, section in parts)))


def _header(data: bytes | memoryview) -> tuple[dict[str, Any], int]:
    if bytes(data[: len(MAGIC)]) != MAGIC:
        raise StateFileError(MSG_NOT_STATE)
    view = memoryview(data)
    end = bytes(view[len(MAGIC) : len(MAGIC) + MAX_HEADER_BYTES]).find(b"\n")
    if end < 0:
        raise StateFileError(MSG_BAD_HEADER)
    start = len(MAGIC)
    try:
        header = orjson.loads(bytes(view[start : start + end]))
    except orjson.JSONDecodeError:
        raise StateFileError(MSG_BAD_HEADER) from None
    if not isinstance(header, dict) or not isinstance(header.get("format"), int):
        raise StateFileError(MSG_BAD_HEADER)
    return header, start + end + 1


def open_sections(
    data: bytes, layout: str | None = None, *, check_layout: bool = True
) -> tuple[dict[str, Any], dict[str, Section]]:
    """Check a state file's header, size and checksum (and its record layout unless `check_layout`
    is False); its sections by name (nothing unpickled yet)."""
    header, offset = _header(data)
    if header["format"] > FORMAT_VERSION:
        raise StateFileError(MSG_NEWER.format(found=header["format"], ours=FORMAT_VERSION))
    try:
        listed = [(str(name), int(size), str(kind)) for name, size, kind in header.get("sections")]  # type: ignore[union-attr]
    except (TypeError, ValueError):
        raise StateFileError(MSG_BAD_HEADER) from None
    kinds = {name: kind for name, _, kind in listed}
    if (
        len(kinds) != len(listed)
        or kinds.get(SECTION_STATE) != PICKLE
        or kinds.get(SECTION_SEEDED) not in (PICKLE, PICKLE_ZLIB, SAME_AS_STATE)
        or any(size < 0 for _, size, _ in listed)
    ):
        raise StateFileError(MSG_BAD_HEADER)
    view = memoryview(data)
    if len(view) != offset + sum(size for _, size, _ in listed):
        raise StateFileError(MSG_CHECKSUM)
    if hashlib.sha256(view[offset:]).hexdigest() != header.get("sha256"):
        raise StateFileError(MSG_CHECKSUM)
    if check_layout and header.get("layout") != (layout or layout_fingerprint()):
        raise StateFileError(MSG_LAYOUT.format(version=str(header.get("fakewoot"))[:40], ours=__version__))
    sections: dict[str, Section] = {}
    for name, size, kind in listed:
        sections[name] = Section(kind, view[offset : offset + size])
        offset += size
    return header, sections


def decode(data: bytes, layout: str | None = None) -> Loaded:
    """Check and read a state file's bytes; StateFileError (one line) when it cannot be used."""
    header, sections = open_sections(data, layout)
    return load_sections(header, bytes(sections[SECTION_STATE].data), sections[SECTION_SEEDED])


def load_sections(header: dict[str, Any], state_blob: bytes, seeded_section: Section) -> Loaded:
    state = safe_loads(state_blob, SECTION_STATE)
    _check_state(state, SECTION_STATE)
    if seeded_section.kind == SAME_AS_STATE:
        return Loaded(state, state_blob, False, header)
    seeded = bytes(seeded_section.data) or None
    compressed = seeded_section.kind == PICKLE_ZLIB
    if seeded is not None:  # reset() unpickles it as is: check it once here
        try:
            plain = zlib.decompress(seeded) if compressed else seeded
        except zlib.error as error:
            raise StateFileError(MSG_DAMAGED.format(section=SECTION_SEEDED, error=error)) from None
        _check_state(safe_loads(plain, SECTION_SEEDED), SECTION_SEEDED)
    return Loaded(state, seeded, compressed, header)


def _check_state(value: Any, section: str) -> None:
    from fakewoot.store.state import State

    if not isinstance(value, State):
        raise StateFileError(MSG_DAMAGED.format(section=section, error="not a fakewoot State"))


def adopt(fake: FakeChatwoot, loaded: Loaded) -> None:
    """Make `loaded` the fake's state and what its reset() returns to."""
    store = fake.store
    store.state = loaded.state
    store._seeded = loaded.seeded
    store._seeded_compressed = loaded.seeded_compressed


def read(path: Path, layout: str | None = None) -> Loaded:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise StateFileError(f"cannot read {path}: {error.strerror}") from None
    return decode(data, layout)


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` so a reader (or a crash) sees the old file or the new one, never a mix:
    a temporary file in the same folder, fsync, rename over, fsync the folder."""
    folder = path.parent
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
