"""fakewoot: a high-fidelity fake of the Chatwoot API."""

from __future__ import annotations

from fakewoot.clock import FrozenClock, SystemClock
from fakewoot.control import FakeChatwoot
from fakewoot.settings import Settings
from fakewoot.version import __version__

__all__ = ["FakeChatwoot", "FrozenClock", "Settings", "SystemClock", "__version__"]
