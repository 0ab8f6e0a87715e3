"""Fixtures for the ported specs: a real socket to a fresh fake per test."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from fakewoot import FakeChatwoot


@pytest.fixture
def http(fake: FakeChatwoot, socket_client: httpx.Client) -> Any:
    """httpx.Client on a real socket to the session's server; the fake was reset for this test."""
    return socket_client
