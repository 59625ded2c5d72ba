"""The health endpoint: ``GET /healthz`` answers 200 with ``{"status": "ok", ...}`` while the
process can reach its database, else 503.

:func:`healthz` is the whole logic (status code and body from a check), so any web server can
mount it; :class:`HealthServer` is the smallest one, a standard-library HTTP server on its own
thread that ``communitybot run`` and ``communitybot discord`` start when ``health_port`` is set.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from communitybot.core.health import Health

_log = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"


def healthz(check: Callable[[], Health]) -> tuple[int, bytes]:
    """The status code (200 or 503) and the JSON body of one health check."""
    health = check()
    return (200 if health.ok else 503), health.to_json()


class HealthServer:
    """``GET /healthz`` on ``host:port`` (``port`` 0: any free one, see :attr:`port`), served on a
    daemon thread; every other path answers 404."""

    def __init__(self, check: Callable[[], Health], *, host: str, port: int) -> None:
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path.split("?", 1)[0] != HEALTH_PATH:
                    self.send_error(404)
                    return
                status, body = healthz(check)
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                _log.debug("health: " + format, *args)

        self._server = ThreadingHTTPServer((host, port), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="health", daemon=True
        )

    @property
    def port(self) -> int:
        """The port it listens on."""
        return int(self._server.server_address[1])

    def start(self) -> HealthServer:
        """Start serving on the background thread."""
        self._thread.start()
        _log.info(
            "health endpoint on http://%s:%d%s", *self._server.server_address[:2], HEALTH_PATH
        )
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


__all__ = ["HEALTH_PATH", "HealthServer", "healthz"]
