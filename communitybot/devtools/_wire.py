"""The fake Bot API on the wire: the HTTP server on 127.0.0.1, request bodies, webhook pushes."""

from __future__ import annotations

import contextlib
import json
import logging
import select
import socket
from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import HTTP
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, unquote, urlsplit

import httpx

if TYPE_CHECKING:
    from communitybot.devtools._fakeapi import FakeBotApi

_log = logging.getLogger(__name__)

JSON_FIELDS = ("reply_markup", "reply_parameters", "commands", "scope", "entities")
"""Parameters that python-telegram-bot sends as JSON text inside a form."""


@dataclass(frozen=True, slots=True)
class Upload:
    """A file in a multipart request."""

    filename: str
    content_type: str
    content: bytes


def parse_body(content_type: str, body: bytes, query: str) -> dict[str, Any]:
    """Request parameters from a query string, a form, multipart or JSON; JSON text decoded."""
    values: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/json" and body:
        loaded = json.loads(body)
        values.update(loaded if isinstance(loaded, dict) else {})
    elif kind == "application/x-www-form-urlencoded":
        values.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    elif kind == "multipart/form-data":
        head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
        for part in BytesParser(policy=HTTP).parsebytes(head + body).iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True)
            content = payload if isinstance(payload, bytes) else b""
            filename = part.get_filename()
            if not isinstance(name, str):
                continue
            if filename is None:
                values[name] = content.decode(part.get_content_charset() or "utf-8")
            else:
                values[name] = Upload(filename, part.get_content_type(), content)
    for name in JSON_FIELDS:
        if isinstance(values.get(name), str) and values[name]:
            with contextlib.suppress(ValueError):  # else left as text, which the method refuses
                values[name] = json.loads(values[name])
    return values


def loggable(params: dict[str, Any]) -> dict[str, Any]:
    """``params`` with uploads named and sized instead of their bytes."""
    return {
        k: {"filename": v.filename, "size": len(v.content)} if isinstance(v, Upload) else v
        for k, v in params.items()
    }


def post_update(url: str, secret: str | None, payload: dict[str, Any]) -> int:
    """POST one update to a webhook; the HTTP status, or 0 when nobody answered."""
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {}
    try:
        return httpx.post(
            url, json=payload, headers=headers, timeout=10, trust_env=False
        ).status_code
    except httpx.HTTPError:
        return 0


class Server(ThreadingHTTPServer):
    """A threading HTTP server on 127.0.0.1 (an ephemeral port) that answers for ``api``."""

    daemon_threads = True
    allow_reuse_address = True
    # socketserver's listen backlog is 5: a bot opening its connection pool at once overflows it,
    # and each dropped SYN waits a second for its retransmission.
    request_queue_size = 128

    def __init__(self, api: FakeBotApi) -> None:
        self.api = api
        super().__init__(("127.0.0.1", 0), _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Log what went wrong while serving; the server goes on."""
        _log.exception("fake Bot API: error while serving %s", client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as Telegram
    # TCP_NODELAY: the headers and the body go out in two writes; with Nagle's algorithm the body
    # waits for the client's delayed ACK, about 40 ms per call on a kept-alive connection.
    disable_nagle_algorithm = True
    server: Server

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def log_message(self, format: str, *args: Any) -> None:
        _log.debug("fake Bot API: " + format, *args)

    def _dispatch(self) -> None:
        api = self.server.api
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        token, _, method = path.removeprefix("/bot").partition("/")
        if not path.startswith("/bot") or token != api.token:
            self._reply(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
            return
        try:
            params = parse_body(self.headers.get("Content-Type", ""), body, parts.query)
        except ValueError as err:
            self._reply(400, {"ok": False, "error_code": 400, "description": f"Bad Request: {err}"})
            return
        self._reply(*api.handle(method, params, alive=self._client_waits))

    def _client_waits(self) -> bool:
        """Whether the client is still connected (a closed socket reads as EOF at once)."""
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            return not readable or self.connection.recv(1, socket.MSG_PEEK) != b""
        except OSError:
            return False

    def _reply(self, status: int, response: dict[str, Any]) -> None:
        body = json.dumps(response).encode()
        self.send_response(HTTPStatus(status))
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            # The client gave up (a cancelled long poll at shutdown); nothing to answer.
            self.close_connection = True


__all__ = ["JSON_FIELDS", "Server", "Upload", "loggable", "parse_body", "post_update"]
