"""Run a real python-telegram-bot ``Application`` in a background thread and know when it is idle.

Tests and the terminal sandbox drive the bot from ordinary (synchronous) code: they inject an
update into the fake Bot API, then wait on :meth:`UpdateTracker.wait_processed` until the
application has finished every handler (and the error handler) for that update. Nothing sleeps.
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from collections.abc import Awaitable, Coroutine
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, TypeVar

from telegram import Update
from telegram.ext import Application, BaseUpdateProcessor

from communitybot.telegram import WebhookConfig, webhook_route

if TYPE_CHECKING:
    import uvicorn

T = TypeVar("T")


class UpdateTracker(BaseUpdateProcessor):
    """An update processor that counts, per ``update_id``, how often processing finished.

    It processes like PTB's ``SimpleUpdateProcessor`` (up to ``max_concurrent_updates`` at once)
    and lets another thread wait for an update to be fully handled.
    """

    def __init__(self, max_concurrent_updates: int = 1) -> None:
        super().__init__(max_concurrent_updates)
        self._done: Counter[int] = Counter()
        self._changed = threading.Condition()

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Await the handlers, then record the update as processed (also when they failed)."""
        try:
            await coroutine
        finally:
            if isinstance(update, Update):
                with self._changed:
                    self._done[update.update_id] += 1
                    self._changed.notify_all()

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""

    def processed(self, update_id: int) -> int:
        """How many times ``update_id`` finished processing."""
        with self._changed:
            return self._done[update_id]

    def wait_processed(self, update_id: int, *, times: int = 1, timeout: float = 15.0) -> None:
        """Block until ``update_id`` finished processing ``times`` times, or raise TimeoutError."""
        with self._changed:
            if not self._changed.wait_for(lambda: self._done[update_id] >= times, timeout):
                raise TimeoutError(f"update {update_id} was not processed in {timeout} s")


AnyApplication = Application[Any, Any, Any, Any, Any, Any]


class BotThread:
    """Runs ``application`` (long polling, or a webhook) on its own event loop in a thread.

    Mirrors what ``Application.run_polling`` does (``post_init``, start, poll; then stop and
    ``post_shutdown``), without signal handlers, so it can live inside tests and the sandbox.
    """

    def __init__(
        self,
        application: AnyApplication,
        *,
        poll_timeout: float = 1.0,
        webhook: WebhookConfig | None = None,
    ) -> None:
        self.application = application
        self._poll_timeout = poll_timeout
        self._webhook = webhook
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        self._served: asyncio.Task[None] | None = None

    def start(self, *, timeout: float = 30.0) -> BotThread:
        """Start the bot and return once it polls; re-raise whatever stopped it from starting."""
        self._thread = threading.Thread(target=self._run, name="bot-loop", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout):
            raise TimeoutError("the bot did not start in time")
        if self._error is not None:
            raise RuntimeError("the bot failed to start") from self._error
        return self

    def stop(self, *, timeout: float = 30.0) -> None:
        """Stop polling, shut the application down and join the thread."""
        if self._loop is not None and self._stop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._stop.set)
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                raise TimeoutError("the bot did not stop in time")
        self._thread = None
        if self._error is not None:
            raise RuntimeError("the bot stopped with an error") from self._error

    def __enter__(self) -> BotThread:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def call(self, coroutine: Coroutine[Any, Any, T], *, timeout: float = 30.0) -> T:
        """Run ``coroutine`` on the bot's loop from another thread and return its result."""
        if self._loop is None:
            raise RuntimeError("the bot is not running")
        future: Future[T] = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        return future.result(timeout)

    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except Exception as err:  # noqa: BLE001 - handed to the thread that starts or stops the bot
            self._error = err
        finally:
            self._ready.set()

    async def _main(self) -> None:
        app = self.application
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        updater = app.updater
        if updater is None:
            raise RuntimeError("the application was built without an updater")
        server: uvicorn.Server | None = None
        async with app:
            if app.post_init is not None:
                await app.post_init(app)
            await app.start()
            if self._webhook is None:
                await updater.start_polling(
                    poll_interval=0,
                    timeout=int(self._poll_timeout),
                    allowed_updates=Update.ALL_TYPES,
                )
            else:
                server = await self._serve_webhook(self._webhook)
            self._ready.set()
            try:
                await self._stop.wait()
            finally:
                if server is not None:
                    server.should_exit = True
                    if self._served is not None:
                        await self._served
                if updater.running:
                    await updater.stop()
                await app.stop()
                if app.post_stop is not None:
                    await app.post_stop(app)
        if app.post_shutdown is not None:
            await app.post_shutdown(app)

    async def _serve_webhook(self, webhook: WebhookConfig) -> uvicorn.Server:
        """Register the webhook and receive it as ``communitybot run`` does: the
        :func:`~communitybot.telegram.webhook_route` on a uvicorn server (python-telegram-bot's
        own webhook server needs tornado, which communitybot does not install)."""
        import uvicorn
        from starlette.applications import Starlette

        app = self.application
        await app.bot.set_webhook(
            url=webhook.webhook_url,
            secret_token=webhook.secret_token,
            allowed_updates=Update.ALL_TYPES,
        )
        config = uvicorn.Config(
            Starlette(routes=[webhook_route(app, webhook)]),
            host=webhook.listen,
            port=webhook.port,
            log_config=None,
            lifespan="off",
        )
        server = uvicorn.Server(config)
        self._served = asyncio.create_task(server.serve())
        while not server.started:
            if self._served.done():
                self._served.result()  # it failed to start: raise why
                raise RuntimeError("the webhook server stopped before it started")
            await asyncio.sleep(0.01)
        return server


__all__ = ["AnyApplication", "BotThread", "UpdateTracker"]
