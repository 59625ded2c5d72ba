"""A TCP proxy on 127.0.0.1 in front of the test server that can break the network on cue.

Only the edge is faked: the bot talks to the real MariaDB through the proxy, which reads the
client's MySQL packets. Armed with :meth:`CuttingProxy.cut_at_commit`, it acts on the next
``COMMIT`` it sees: it lets the server carry it out and swallows the server's answer
(``deliver=True``: the money moved, the client cannot know), or it never forwards it
(``deliver=False``: nothing was committed). Either way it then closes every connection, so the
client reads "lost connection" (2013), and refuses new ones (2003) until :meth:`restore` or for
``refuse_for`` seconds. :meth:`CuttingProxy.drop` loses the connections made so far while new
ones still get through, as when the server in use dies and another of its cluster takes over.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from collections.abc import Iterator
from dataclasses import dataclass

_HEADER = 4
_COM_QUERY = 3


@dataclass
class _Cut:
    deliver: bool
    refuse_for: float | None
    after: bytes | None


@dataclass
class _Link:
    client: socket.socket
    server: socket.socket
    swallow: _Cut | None = None
    seen: bytes = b""

    def close(self) -> None:
        _close(self.client)
        _close(self.server)


class CuttingProxy:
    """Forward 127.0.0.1:``port`` to ``target``; see the module docstring."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self._target = (target_host, target_port)
        self._lock = threading.Lock()
        self._armed: _Cut | None = None
        self._links: set[socket.socket] = set()
        self._listener: socket.socket | None = None
        self._stopped = threading.Event()
        self._refusing = threading.Event()
        self.commits_cut = 0
        self.accepted = 0
        self.port = self._listen(0)
        self._acceptor = threading.Thread(target=self._accept_loop, daemon=True)
        self._acceptor.start()

    # --- control ----------------------------------------------------------------------------

    def cut_at_commit(
        self, *, deliver: bool, refuse_for: float | None, after: str | None = "operation_keys"
    ) -> None:
        """Act on the next ``COMMIT`` of a transaction whose statements mention ``after`` (by
        default: one that claims an idempotency key, i.e. moves money); ``None``: any ``COMMIT``.
        See the module docstring."""
        marker = None if after is None else after.encode()
        with self._lock:
            self._armed = _Cut(deliver=deliver, refuse_for=refuse_for, after=marker)

    def refuse(self, seconds: float | None = None) -> None:
        """Drop every connection and refuse new ones, for ``seconds`` or until :meth:`restore`."""
        with self._lock:
            self._refusing.set()
            listener, self._listener = self._listener, None
            links, self._links = self._links, set()
        if listener is not None:
            listener.close()
        for link in links:
            _close(link)
        if seconds is not None:
            timer = threading.Timer(seconds, self.restore)
            timer.daemon = True
            timer.start()

    def drop(self) -> None:
        """Lose every connection made so far (the client reads 2013); new ones still get through."""
        with self._lock:
            links, self._links = self._links, set()
        for link in links:
            _close(link)

    def restore(self) -> None:
        """Accept connections again."""
        with self._lock:
            if self._stopped.is_set() or self._listener is not None:
                return
            self._listen(self.port)
            self._refusing.clear()

    def close(self) -> None:
        """Stop the proxy and drop every connection."""
        self._stopped.set()
        self.refuse()
        self._acceptor.join(timeout=5)

    # --- plumbing ---------------------------------------------------------------------------

    def _listen(self, port: int) -> int:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", port))
        listener.listen(64)
        listener.settimeout(0.05)
        self._listener = listener
        return int(listener.getsockname()[1])

    def _accept_loop(self) -> None:
        while not self._stopped.is_set():
            listener = self._listener
            if listener is None:
                self._stopped.wait(0.02)
                continue
            try:
                client, _address = listener.accept()
            except TimeoutError:
                continue
            except OSError:  # closed by refuse()
                continue
            try:
                server = socket.create_connection(self._target, timeout=5)
            except OSError:
                _close(client)
                continue
            client.settimeout(None)
            server.settimeout(None)
            with self._lock:
                if self._refusing.is_set():
                    _close(client)
                    _close(server)
                    continue
                self._links |= {client, server}
                self.accepted += 1
            link = _Link(client=client, server=server)
            threading.Thread(target=self._client_to_server, args=(link,), daemon=True).start()
            threading.Thread(target=self._server_to_client, args=(link,), daemon=True).start()

    def _client_to_server(self, link: _Link) -> None:
        for packet in _packets(link.client):
            cut = self._take_cut(link, packet)
            if cut is None:
                if not _send(link.server, packet):
                    break
                continue
            self.commits_cut += 1
            if cut.deliver:
                link.swallow = cut  # the other pump cuts once the server has answered
                _send(link.server, packet)
                return
            self.refuse(cut.refuse_for)
            return
        link.close()

    def _server_to_client(self, link: _Link) -> None:
        for packet in _packets(link.server):
            if link.swallow is not None:
                # The server has committed and answered: nobody hears it.
                self.refuse(link.swallow.refuse_for)
                return
            if not _send(link.client, packet):
                break
        link.close()

    def _take_cut(self, link: _Link, packet: bytes) -> _Cut | None:
        payload = packet[_HEADER:]
        if not payload or payload[0] != _COM_QUERY:
            return None
        statement = payload[1:].strip()
        if not statement.upper().startswith((b"COMMIT", b"ROLLBACK")):
            link.seen += statement[:4096] + b"\n"
            return None
        seen, link.seen = link.seen, b""
        if not statement.upper().startswith(b"COMMIT"):
            return None
        with self._lock:
            cut = self._armed
            if cut is None or (cut.after is not None and cut.after not in seen):
                return None
            self._armed = None
        return cut


def _packets(sock: socket.socket) -> Iterator[bytes]:
    """Whole MySQL packets (header included) as they arrive, until the socket closes."""
    buffer = b""
    while True:
        try:
            chunk = sock.recv(65536)
        except OSError:
            return
        if not chunk:
            return
        buffer += chunk
        while len(buffer) >= _HEADER:
            length = struct.unpack("<I", buffer[:3] + b"\0")[0]
            if len(buffer) < _HEADER + length:
                break
            yield buffer[: _HEADER + length]
            buffer = buffer[_HEADER + length :]


def _send(sock: socket.socket, data: bytes) -> bool:
    try:
        sock.sendall(data)
    except OSError:
        return False
    return True


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()


@contextlib.contextmanager
def cutting_proxy(host: str, port: int) -> Iterator[CuttingProxy]:
    """A :class:`CuttingProxy` to ``host:port`` for the length of the block."""
    proxy = CuttingProxy(host, port)
    try:
        yield proxy
    finally:
        proxy.close()


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (connecting is refused: 2003)."""
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port: int = probe.getsockname()[1]
    return port


__all__ = ["CuttingProxy", "closed_port", "cutting_proxy"]
