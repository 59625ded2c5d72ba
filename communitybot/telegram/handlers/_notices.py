"""Delivering the notices a movement owes (:class:`~communitybot.core.notices.Notice`):
privately, in the community's language, to everyone who has a private chat with the bot; then
the delivery is confirmed once, so that a replay of the same key does not tell anybody twice."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Sequence
from typing import Any

from telegram.error import BadRequest, Forbidden, TelegramError

from communitybot.core.notices import Notice
from communitybot.telegram._i18n import Markup, Translator
from communitybot.telegram._present import reason_suffix
from communitybot.telegram.handlers._kit import Kit

_log = logging.getLogger(__name__)


def notice_text(notice: Notice, t: Translator) -> Markup:
    """The text of one notice (``notice.<kind>.<event>``): its values, the subject also as
    ``reason`` (`` for “subject”`` or nothing), and its details."""
    return t(
        notice.key,
        amount=t.money(notice.amount),
        balance=t.money(notice.balance),
        counterpart=notice.counterpart.name if notice.counterpart else "",
        subject=notice.subject,
        reason=reason_suffix(notice.subject, t),
        **dict(notice.details),
    )


async def tell_privately(bot: Any, tid: int, text: str, *, seen_in: int | None = None) -> None:
    """Send ``text`` to the private chat of ``tid``; skipped when that chat is ``seen_in`` (they
    just read the answer there), quietly lost when they never opened a chat with the bot."""
    if tid == seen_in:
        return
    try:
        await bot.send_message(tid, text)
    except (Forbidden, BadRequest) as err:
        _log.debug("could not notify %s: %s", tid, err)
    except TelegramError as err:  # flood control, timeouts: this one is lost
        _log.warning("could not notify %s: %s", tid, err)


async def send_notices(
    bot: Any, notices: Sequence[Notice], t: Translator, *, seen_in: int | None = None
) -> None:
    """Send each notice privately in ``t``'s language (see :func:`tell_privately`)."""
    for notice in notices:
        if notice.tid is not None:
            await tell_privately(bot, notice.tid, notice_text(notice, t), seen_in=seen_in)


async def deliver_notices(
    kit: Kit,
    bot: Any,
    notices: Sequence[Notice],
    *,
    key: str | None,
    seen_in: int | None = None,
    confirm: Callable[[], object] | None = None,
) -> None:
    """Send each notice privately; skip whoever acted in their own private chat (``seen_in``,
    they just read the answer there) and people who never opened a chat with the bot. Then
    record the delivery: with ``key``, the notices the operation of that key owed; with
    ``confirm``, whatever it records (run in the worker pool). A failed record leaves them owed:
    the next replay, or the next round, tells them again.

    This is the one way every kind of notice goes out; the services have already dropped the
    notices whose recipients turned their kind off.
    """
    if not notices:
        return
    await send_notices(bot, notices, kit.shared, seen_in=seen_in)
    if key is not None:
        confirm = functools.partial(kit.community.notices_delivered, key=key)
    if confirm is None:
        return
    try:
        await kit.pool.run(confirm)
    except Exception:  # noqa: BLE001 - still owed: the next replay tells them again
        _log.warning("could not record the delivery of notices (%s)", key, exc_info=True)


async def remind_low_balances(kit: Kit, bot: Any) -> None:
    """One round of the reminders job: remind members below ``community.reminder_below`` (a
    reminder is recorded before it is sent: one that cannot be delivered is not tried again
    that month)."""
    notices = await kit.pool.run(kit.community.remind_low_balances)
    await deliver_notices(kit, bot, notices, key=None)


__all__ = [
    "deliver_notices",
    "notice_text",
    "remind_low_balances",
    "send_notices",
    "tell_privately",
]
