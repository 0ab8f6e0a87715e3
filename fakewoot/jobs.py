"""Work Chatwoot does in background jobs (imports, exports, deletions), run by fakewoot right after
the response that enqueued it has been sent: the client sees Chatwoot's immediate answer, and the
state changes before its next request. `FakeChatwoot.run_jobs()` runs them from Python."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

log = logging.getLogger("fakewoot")

Job = Callable[[], Any]


class JobQueue:
    def __init__(self) -> None:
        self._pending: list[Job] = []
        self.errors: list[BaseException] = []

    def enqueue(self, job: Job) -> None:
        self._pending.append(job)

    def __len__(self) -> int:
        return len(self._pending)

    def run(self) -> int:
        """Run every pending job (and jobs they enqueue); an error is kept, never raised here."""
        ran = 0
        while self._pending:
            job = self._pending.pop(0)
            ran += 1
            try:
                job()
            except Exception as exc:  # a job's failure must not break the server
                log.exception("fakewoot: background job failed")
                self.errors.append(exc)
        return ran

    def clear(self) -> None:
        self._pending.clear()
        self.errors.clear()
