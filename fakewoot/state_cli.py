"""What `fakewoot serve` does with --state-file and the start cache, and `fakewoot state
export|import PATH` (the control API's /_fakewoot/state/export and /import, from the command line)."""

from __future__ import annotations

import base64
import gc
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

from fakewoot.errors import HEADER_CONTROL_TOKEN
from fakewoot.persistence import StateFileError, adopt, read, write_atomically
from fakewoot.settings import Settings

if TYPE_CHECKING:
    from urllib.error import HTTPError

    from fakewoot.control import FakeChatwoot
    from fakewoot.state_writer import StateFileWriter

TRANSFER_TIMEOUT = 300.0


class StartError(Exception):
    """`fakewoot serve` cannot start (exit code 2); str() is one line."""


def open_state(settings: Settings) -> tuple[FakeChatwoot, StateFileWriter | None, str]:
    """The fake `fakewoot serve` serves: from the state file when there is one, else the fixtures
    (through the start cache unless it is off); with a writer keeping the state file up to date;
    and a line saying where the state came from."""
    from fakewoot import startcache
    from fakewoot.control import FakeChatwoot

    started = time.perf_counter()
    fake = FakeChatwoot(settings, load=False)
    path = settings.state_file
    restored = path is not None and path.exists()
    source = f"the fixtures ({settings.fixtures})"
    if path is not None and restored:
        try:
            loaded = read(path)
        except StateFileError as error:
            raise StartError(f"{path}: {error}") from None
        adopt(fake, loaded)
        fake.fixtures = Path(settings.fixtures)
        gc.collect()
        gc.freeze()  # as after a fixture load: the loaded records stay out of later collections
        source = f"the state file {path}"
    elif settings.start_cache:
        if startcache.load(fake, Path(settings.fixtures)) == startcache.HIT:
            source += ", from the start cache"
    else:
        fake.load(settings.fixtures, shipped=False)  # the files, not the shipped or cached state
    note = f"state: {source} in {time.perf_counter() - started:.2f} s"
    if path is None:
        return fake, None, note
    folder = path.parent
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        raise StartError(f"cannot write the state file {path}: {folder} is not a writable folder")
    from fakewoot.state_writer import StateFileWriter

    return fake, StateFileWriter(fake, path, written=restored).start(), f"{note}; kept in {path}"


def transfer(command: str, path: Path, url: str | None, control_token: str | None) -> int:
    """`fakewoot state export|import PATH` against a running fake; exit 0, 1 (refused or
    unreachable) or 2 (bad settings)."""
    import urllib.error
    import urllib.request

    from fakewoot.cli import base_url

    try:
        settings = Settings.from_env(control_token=control_token)
    except ValueError as exc:
        print(f"fakewoot: bad setting: {exc}", file=sys.stderr)
        return 2
    base = base_url(settings, url).rstrip("/")
    headers = {HEADER_CONTROL_TOKEN: settings.control_token} if settings.control_token else {}
    if command == "export":
        request = urllib.request.Request(f"{base}/_fakewoot/state/export", headers=headers)
    else:
        try:
            data = path.read_bytes()
        except OSError as error:
            print(f"fakewoot: cannot read {path}: {error.strerror}", file=sys.stderr)
            return 1
        body = orjson.dumps({"state": base64.b64encode(data).decode()})
        headers["Content-Type"] = "application/json"
        request = urllib.request.Request(f"{base}/_fakewoot/state/import", body, headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=TRANSFER_TIMEOUT) as response:
            answer = response.read()
    except urllib.error.HTTPError as error:
        print(f"fakewoot: {base} refused the state {command}: {_reason(error)}", file=sys.stderr)
        return 1
    except (OSError, ValueError) as error:
        print(f"fakewoot: cannot reach a fake at {base}: {error}", file=sys.stderr)
        return 1
    if command == "import":
        print(f"fakewoot: {base} now serves the state from {path}")
        return 0
    try:
        write_atomically(path, answer)
    except OSError as error:
        print(f"fakewoot: cannot write {path}: {error.strerror}", file=sys.stderr)
        return 1
    print(f"fakewoot: wrote the state of {base} to {path} ({len(answer):,} bytes)")
    return 0


def _reason(error: HTTPError) -> str:
    if error.code == 413:  # the body (the file in base64: a third larger) is over the server's limit
        return "413: the file is larger than the server's --max-body-bytes allows (base64 adds a third)"
    try:
        found = orjson.loads(error.read()).get("error")
    except (orjson.JSONDecodeError, AttributeError, OSError):
        found = None
    return f"{error.code} {found}" if isinstance(found, str) else f"HTTP {error.code}"
