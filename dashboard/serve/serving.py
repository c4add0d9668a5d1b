"""Production serving: gunicorn processes, each running waitress, which buffers slow clients.

Why this pairing: gunicorn's own workers hand a connection to a thread as soon as its first
byte arrives, so 16 clients trickling header or body bytes hold every thread. Waitress reads
each request completely (headers and body, in an event loop, body spooled to disk past 512 kB)
before a thread sees it, so a slow client costs a socket, not a thread; it also caps header
and body size (413) and closes idle connections. Waitress has one process, though, and no
worker recycling. gunicorn supplies the rest: several processes (a heavy request in one does
not stall the GIL of the other), ``max_requests`` with jitter, restart of a dead worker,
graceful shutdown. :class:`WaitressWorker` is the gunicorn worker class that runs waitress on
the listening sockets gunicorn shares with it.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass

from gunicorn.workers.base import Worker

log = logging.getLogger(__name__)

#: set while this process drains (SIGTERM, max_requests, memory): exports refuse new work.
stopping = threading.Event()


@dataclass(frozen=True)
class Limits:
    """Request limits and timeouts of the production server (one place, also in the README)."""

    max_header_bytes: int = 32 * 1024  # request line + headers; more → 431
    max_body_bytes: int = 4 * 1024 * 1024  # a callback body; more → 413
    channel_timeout: int = 30  # s without a byte in either direction → connection closed
    connection_limit: int = 1000  # open connections per process (a socket each, no thread)
    graceful_timeout: int = 90  # s a stopping worker lets running requests finish
    max_requests: int = 10_000  # a worker recycles after about this many requests …
    max_requests_jitter: int = 2_000  # … plus up to this many, so workers do not recycle at once
    max_rss_mb: int = 450  # a worker above this (after big exports) recycles when idle


LIMITS = Limits()


def gunicorn_args(
    gunicorn: str,
    host: str,
    port: int,
    workers: int,
    threads: int,
    root: str,
    db: str | None = None,
    base_path: str = "/",
) -> list[str]:
    """The gunicorn command line of ``zicht serve --prod``.

    gunicorn calls the factory ``app.wsgi(db)`` in each worker: the database path reaches the app
    as an argument (a Python literal in the app spec), not through the environment.
    """
    return [
        gunicorn,
        "--worker-class",
        "dashboard.serve.serving.WaitressWorker",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--timeout",
        "30",  # heartbeat: the worker's event loop answers it even during long requests
        "--graceful-timeout",
        str(LIMITS.graceful_timeout),
        "--max-requests",
        str(LIMITS.max_requests),
        "--max-requests-jitter",
        str(LIMITS.max_requests_jitter),
        "--no-control-socket",  # gunicorn's default socket (~/.gunicorn) is shared by instances
        "--bind",
        f"{host}:{port}",
        "--chdir",
        root,
        f"app:wsgi({db!r}, {base_path!r})" if db is not None else f"app:wsgi(None, {base_path!r})",
    ]


def rss_mb() -> float:
    """Resident memory of this process in MB."""
    import psutil

    return psutil.Process().memory_info().rss / 1e6


class WaitressWorker(Worker):
    """A gunicorn worker whose HTTP server is waitress (see the module docstring)."""

    def init_process(self) -> None:
        stopping.clear()
        super().init_process()

    def _counting(self, app):  # noqa: ANN001, ANN202 - WSGI callables
        def counted(environ, start_response):  # noqa: ANN001, ANN202
            self.nr += 1
            return app(environ, start_response)

        return counted

    def run(self) -> None:
        from waitress import wasyncore
        from waitress.server import create_server

        self._map: dict = {}
        server = create_server(
            self._counting(self.wsgi),
            map=self._map,
            sockets=[s.sock for s in self.sockets],
            threads=max(1, self.cfg.threads),
            max_request_header_size=LIMITS.max_header_bytes,
            max_request_body_size=LIMITS.max_body_bytes,
            channel_timeout=LIMITS.channel_timeout,
            cleanup_interval=5,
            connection_limit=LIMITS.connection_limit,
            ident="zicht",
            expose_tracebacks=False,
        )
        self._dispatcher = server.task_dispatcher
        why = ""
        next_beat = next_rss = 0.0
        while self.alive:
            wasyncore.loop(timeout=1.0, map=self._map, use_poll=True, count=1)
            if self.nr >= self.max_requests:
                why = f"{self.nr} verzoeken (max_requests)"
                break
            now = time.monotonic()
            if now < next_beat:  # housekeeping once a second, not per socket event
                continue
            next_beat = now + 1.0
            self.notify()
            if self.ppid != os.getppid():
                why = "master weg"
                break
            if now >= next_rss and self._idle():
                next_rss = now + 5
                if rss_mb() > LIMITS.max_rss_mb:
                    why = f"geheugen {rss_mb():.0f} MB > {LIMITS.max_rss_mb} MB"
                    break
        self._drain(why or "stopsignaal")

    def _idle(self) -> bool:
        d = self._dispatcher
        return not d.active_count and not d.queue

    def _busy(self) -> bool:
        channels = [c for c in self._map.values() if hasattr(c, "total_outbufs_len")]
        return not self._idle() or any(c.total_outbufs_len for c in channels)

    def _drain(self, why: str) -> None:
        """Stop accepting; let running requests finish and their answers go out; then exit."""
        from waitress import wasyncore
        from waitress.server import BaseWSGIServer

        stopping.set()
        self.log.info("worker %s stopt (%s); lopende verzoeken mogen afmaken", self.pid, why)
        for ch in list(self._map.values()):
            if isinstance(ch, BaseWSGIServer):
                ch.accepting = False
                ch.del_channel()  # the listening socket stays open for the other workers
        deadline = time.monotonic() + LIMITS.graceful_timeout - 2
        while self._busy() and time.monotonic() < deadline:
            wasyncore.loop(timeout=0.2, map=self._map, use_poll=True, count=1)
            self.notify()
        if self._busy():
            self.log.warning("worker %s: verzoeken afgebroken na graceful timeout", self.pid)
        self._dispatcher.shutdown(cancel_pending=True, timeout=1)
        wasyncore.close_all(self._map)
