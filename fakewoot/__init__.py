"""fakewoot: a high-fidelity fake of the Chatwoot API."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fakewoot.version import __version__

if TYPE_CHECKING:
    from fakewoot.clock import FrozenClock, SystemClock
    from fakewoot.control import FakeChatwoot
    from fakewoot.settings import Settings

__all__ = ["FakeChatwoot", "FrozenClock", "Settings", "SystemClock", "__version__"]

# imported on first use: `import fakewoot.cli` (or any submodule) does not load the whole fake
_LAZY = {
    "FakeChatwoot": "fakewoot.control",
    "FrozenClock": "fakewoot.clock",
    "SystemClock": "fakewoot.clock",
    "Settings": "fakewoot.settings",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'fakewoot' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
