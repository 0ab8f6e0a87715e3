"""Shared fixtures for the real-client tests: the npm clients installed from the lockfile."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

JS_DIR = Path(__file__).parent / "js"


@pytest.fixture(scope="session")
def js_client_dir() -> Path:
    """tests/realclient/js installed with `npm ci` from its lockfile, in a temp dir keyed by that lockfile.

    The repo tree stays free of node_modules; npm's cache makes repeat installs fast.
    """
    node, npm = shutil.which("node"), shutil.which("npm")
    assert node and npm, "node and npm are needed for the npm client tests"
    lock = (JS_DIR / "package-lock.json").read_bytes() + (JS_DIR / "package.json").read_bytes()
    target = Path(tempfile.gettempdir()) / f"fakewoot-realclient-js-{hashlib.sha256(lock).hexdigest()[:16]}"
    if not (target / "node_modules" / "@figuro" / "chatwoot-sdk" / "package.json").exists():
        target.mkdir(parents=True, exist_ok=True)
        for name in ("package.json", "package-lock.json"):
            shutil.copyfile(JS_DIR / name, target / name)
        done = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"], cwd=target, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, f"npm ci failed:\n{done.stdout}\n{done.stderr}"
    for script in JS_DIR.glob("*.mjs"):
        shutil.copyfile(script, target / script.name)
    return target
