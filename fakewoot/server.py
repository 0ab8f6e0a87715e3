"""Run a FakeChatwoot on uvicorn in a background thread (tests, the pytest plugin, benchmarks)."""

from __future__ import annotations

import socket
import threading
import time
from typing import Any

from fakewoot.control import FakeChatwoot


class ServerThread:
    def __init__(self, fake: FakeChatwoot, host: str = "127.0.0.1", port: int = 0, **uvicorn_options: Any):
        import uvicorn

        self.fake = fake
        self.host = host
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind((host, port))
        self.port: int = self._socket.getsockname()[1]
        options: dict[str, Any] = {"log_level": "warning", "access_log": False, "lifespan": "off"}
        options.update(uvicorn_options)
        self._server = uvicorn.Server(uvicorn.Config(fake.app, **options))
        self._thread = threading.Thread(target=self._run, name="fakewoot-server", daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def _run(self) -> None:
        self._server.run(sockets=[self._socket])

    def start(self, timeout: float = 10.0) -> ServerThread:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("fakewoot server did not start")
            time.sleep(0.005)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._socket.close()

    def __enter__(self) -> ServerThread:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
