"""A stdlib HTTP receiver for tests of fakewoot's outgoing calls, and the documented signature check
(written here with hashlib/hmac, independent of fakewoot's own helper)."""

from __future__ import annotations

import hashlib
import hmac
import http.server
import json
import threading
from collections.abc import Callable
from typing import Any

Responder = Callable[[str, bytes], tuple[int, bytes]]


class Receiver:
    """A stdlib HTTP server that records every POST (headers, raw body) and answers as told."""

    def __init__(self, responder: Responder | None = None) -> None:
        self.requests: list[tuple[str, dict[str, str], bytes]] = []
        self.responder: Responder = responder or (lambda path, body: (200, b"ok"))
        self.lock = threading.Condition()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                with receiver.lock:
                    receiver.requests.append((self.path, dict(self.headers), body))
                    receiver.lock.notify_all()
                status, answer = receiver.responder(self.path, body)
                self.send_response(status)
                self.send_header("content-length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str = "/hook") -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def events(self, path: str | None = None) -> list[dict[str, Any]]:
        return [json.loads(body) for p, _, body in list(self.requests) if path is None or p == path]

    def wait(self, predicate: Callable[[], bool], timeout: float = 5.0) -> None:
        with self.lock:
            assert self.lock.wait_for(predicate, timeout), f"receiver saw only {self.events()}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def verify(secret: str, headers: dict[str, str], body: bytes) -> bool:
    stamp = headers["X-Chatwoot-Timestamp"]
    expected = hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest("sha256=" + expected, headers["X-Chatwoot-Signature"])
