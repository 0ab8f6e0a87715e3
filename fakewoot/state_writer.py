"""Keeps a `--state-file` up to date: a background thread checks about twice a second whether the
state may have changed (a domain event, a request, the state replaced by reset/restore/import), takes
a snapshot where requests run (so it never sees half a change), and writes the file atomically when
the snapshot differs from the last one written. `close()` writes a last time (on shutdown), so a
clean stop loses nothing and a kill -9 loses at most the last second.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from fakewoot.events.bus import Event
from fakewoot.persistence import encode_parts, layout_fingerprint, write_atomically

if TYPE_CHECKING:
    from fakewoot.control import FakeChatwoot

CHECK_SECONDS = 0.5
# Pickled states larger than this are written by a forked child (as Redis' BGSAVE does): the
# serving loop pauses only for the fork, not for pickling (100,000 contacts: ~1 s of pickling).
FORK_ABOVE = 4 * 1024 * 1024
MAX_FD = 1 << 20
NO_WRITE_NEEDED = 3  # a forked writer's exit code when the state was the same as last written
READS = frozenset({"GET", "HEAD", "OPTIONS"})  # requests that change nothing an event does not announce
Marks = tuple[int, int, int]
CAPTURE_TIMEOUT = 30.0


class StateFileWriter:
    def __init__(
        self,
        fake: FakeChatwoot,
        path: Path,
        *,
        interval: float = CHECK_SECONDS,
        written: bool = False,
        fork_above: int | None = FORK_ABOVE,
    ) -> None:
        """`written`: the file already holds the current state (it was just loaded from it);
        `fork_above`: write states that pickle larger than this from a forked child (None: never)."""
        self.fake = fake
        self.path = path
        self.interval = interval
        self.layout = layout_fingerprint()
        self.writes = 0
        self.capture_seconds: list[float] = []  # the snapshot, where requests run (they wait for it)
        self.write_seconds: list[float] = []  # checksum, encode, write and fsync, in this thread
        self.last_error: str | None = None
        self.fork_above = fork_above if hasattr(os, "fork") else None
        self.forked_writes = 0
        self._size = 0  # bytes of the last pickled state
        self._dirty = not written  # else the first check writes the file
        self._scanned = 0  # the journal's entries up to this id were looked at
        self._last_write = 0  # the id of the latest request that was not a read
        self._cleared = 0  # how often the journal was seen cleared (or could not be read)
        self._seen: Marks | None = self._marks() if written else None
        self._digest: str | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._unsubscribe = fake.bus.subscribe(self._on_event)
        self._thread = threading.Thread(target=self._run, name="fakewoot-state-file", daemon=True)

    def start(self) -> StateFileWriter:
        self._thread.start()
        return self

    def _on_event(self, event: Event) -> None:
        self._dirty = True

    def _marks(self) -> Marks:
        """What moves when the state may have changed: the state object, the latest request that
        is not a read (GET, HEAD and OPTIONS change nothing that is not also an event), the journal
        having been cleared."""
        entries = self.fake.journal.entries
        try:
            newest = entries[-1].id if entries else 0
            if newest < self._scanned:  # the journal was cleared (a reset): its ids start again
                self._scanned, self._cleared = 0, self._cleared + 1
            for entry in reversed(entries):
                if entry.id <= self._scanned:
                    break
                if entry.method not in READS:
                    self._last_write = max(self._last_write, entry.id)
                    break
            self._scanned = newest
        except (RuntimeError, IndexError):  # appended to while looked at: assume a change
            self._cleared += 1
        return id(self.fake.store.state), self._last_write, self._cleared

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.check()
            except Exception as error:  # a bug must not end the thread: say so and try again later
                self._failed(f"{type(error).__name__}: {error}")

    def check(self) -> bool:
        """Write the file if the state changed since the last write; True when it wrote."""
        if not self._dirty and self._marks() == self._seen:
            return False
        captured: list[tuple[Marks, bytes, bytes | None, bool]] = []
        children: list[tuple[Marks, int, int, float]] = []
        done = threading.Event()
        fork = self.fork_above is not None and self._size > self.fork_above and not self._stop.is_set()

        def capture() -> None:  # where requests run: between two requests, never inside one
            store = self.fake.store
            self._dirty = False
            enabled = gc.isenabled()
            gc.disable()  # pickling 100,000 records triggers many useless collections
            started = time.perf_counter()
            try:
                if fork:
                    children.append((self._marks(), *self._fork_writer(), started))
                else:
                    captured.append(
                        (self._marks(), store.snapshot(), store._seeded, store._seeded_compressed)
                    )
                self.capture_seconds.append(time.perf_counter() - started)
            finally:
                if enabled:
                    gc.enable()
                done.set()

        if self._stop.is_set() or not self._serving():
            capture()  # an error is raised here
        else:
            self.fake.call_in_owner(capture)
            deadline = time.monotonic() + CAPTURE_TIMEOUT
            while not done.wait(0.05):  # the loop may stop first (shutdown): close() captures then
                if not self._serving() or time.monotonic() > deadline:
                    return False
        if children:
            return self._reap(*children[0])
        if not captured:  # the snapshot failed where requests run (the loop logged the error)
            return self._failed("the state could not be pickled")
        return self._write(*captured[0])

    def _fork_writer(self) -> tuple[int, int]:
        """Fork a child that pickles the state as it is now and writes the file; (pid, pipe)."""
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: the state is a copy-on-write image taken between two requests
            code = 1
            try:
                # hold none of the server's sockets (a restart must be able to bind its port)
                os.closerange(3, write_fd)
                os.closerange(write_fd + 1, MAX_FD)
                store = self.fake.store
                blob = store.snapshot()
                digest = hashlib.sha256(blob).hexdigest()
                if digest == self._digest and self.path.exists():
                    code = NO_WRITE_NEEDED
                else:
                    data = encode_parts(blob, store._seeded, store._seeded_compressed, self.layout)
                    write_atomically(self.path, data)
                    code = 0
                os.write(write_fd, f"{digest} {len(blob)}".encode())
            except BaseException as error:  # reported to the parent, never raised in the child
                with contextlib.suppress(OSError):
                    os.write(write_fd, f"! {getattr(error, 'strerror', None) or error}".encode()[:1000])
            finally:
                os._exit(code)
        os.close(write_fd)
        return pid, read_fd

    def _reap(self, marks: Marks, pid: int, read_fd: int, started: float) -> bool:
        with os.fdopen(read_fd, "rb") as pipe:
            answer = pipe.read().decode(errors="replace")
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        with self._lock:
            self._seen = marks
            if code == NO_WRITE_NEEDED:
                return False
            if code != 0:
                return self._failed(answer.removeprefix("! ") or f"the writer exited with {code}")
            digest, size = answer.split()
            self.last_error = None
            self._digest, self._size = digest, int(size)
            self.writes += 1
            self.forked_writes += 1
            self.write_seconds.append(time.perf_counter() - started)
            return True

    def _failed(self, reason: str) -> bool:
        message = f"fakewoot: cannot write the state file {self.path}: {reason}"
        if message != self.last_error:
            print(message, file=sys.stderr, flush=True)
        self.last_error = message
        self._dirty = True  # try again at the next check
        return False

    def _serving(self) -> bool:
        loop = self.fake.loop
        return loop is not None and loop.is_running()

    def _write(self, marks: Marks, blob: bytes, seeded: bytes | None, compressed: bool) -> bool:
        started = time.perf_counter()
        digest = hashlib.sha256(blob).hexdigest()
        with self._lock:
            self._seen = marks
            if digest == self._digest and self.path.exists():
                return False
            data = encode_parts(blob, seeded, compressed, self.layout)
            try:
                write_atomically(self.path, data)
            except OSError as error:
                return self._failed(str(error.strerror or error))
            self.last_error = None
            self._digest, self._size = digest, len(blob)
            self.writes += 1
            self.write_seconds.append(time.perf_counter() - started)
            return True

    def close(self) -> None:
        """Stop checking and write what changed since the last write (on shutdown)."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=CAPTURE_TIMEOUT + 5)
        self._unsubscribe()
        self._dirty = True  # compare the state itself, whatever the marks say
        self.check()
