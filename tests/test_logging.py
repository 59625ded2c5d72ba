"""What ``run``'s logging writes: its own lines, never the Bot API request lines with the token."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from communitybot.bootstrap import QUIET_LOGGERS, configure_logging
from communitybot.settings import Settings

TOKEN = "123456:SECRET-token-part"


class _Ok(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = b'{"ok":true,"result":[]}'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the server's own access log is not what this test reads."""


@pytest.fixture
def api_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Ok)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def restored_levels() -> Iterator[None]:
    before = {name: logging.getLogger(name).level for name in QUIET_LOGGERS}
    yield
    for name, level in before.items():
        logging.getLogger(name).setLevel(level)


@pytest.mark.usefixtures("restored_levels")
@pytest.mark.parametrize("level", ["INFO", "DEBUG"])
def test_a_bot_api_request_leaves_no_token_in_the_log(
    api_url: str, level: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    configure_logging(Settings(log_level=level))  # type: ignore[arg-type]
    with httpx.Client() as client:
        assert client.post(f"{api_url}/bot{TOKEN}/getUpdates").status_code == 200
    logging.getLogger("communitybot.telegram").info("polling started")

    assert "polling started" in caplog.text
    assert TOKEN not in caplog.text


@pytest.mark.usefixtures("restored_levels")
def test_without_the_quieting_httpx_would_log_the_token(
    api_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """The premise of the test above: httpx at INFO does write the URL, token and all."""
    caplog.set_level(logging.INFO)
    logging.getLogger("httpx").setLevel(logging.INFO)
    with httpx.Client() as client:
        client.post(f"{api_url}/bot{TOKEN}/getUpdates")
    assert TOKEN in caplog.text
