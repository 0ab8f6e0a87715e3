"""fakewoot: a high-fidelity fake of the Chatwoot API."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fakewoot.lazy import exports
from fakewoot.version import __version__

if TYPE_CHECKING:
    from fakewoot.clock import FrozenClock, SystemClock
    from fakewoot.control import FakeChatwoot
    from fakewoot.settings import Settings

__all__ = ["FakeChatwoot", "FrozenClock", "Settings", "SystemClock", "__version__"]

# imported on first use: `import fakewoot.cli` (or any submodule) does not load the whole fake
__getattr__ = exports(
    __name__,
    {
        "FakeChatwoot": "fakewoot.control",
        "FrozenClock": "fakewoot.clock",
        "SystemClock": "fakewoot.clock",
        "Settings": "fakewoot.settings",
    },
)
