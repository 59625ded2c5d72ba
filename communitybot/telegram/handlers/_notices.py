"""Delivering the notices a movement owes (:class:`~communitybot.core.notices.Notice`):
privately, in the community's language, to everyone who has a private chat with the bot; then
the delivery is confirmed once, so that a replay of the same key does not tell anybody twice."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

from telegram.error import BadRequest, Forbidden, TelegramError

from communitybot.core.notices import Notice
from communitybot.telegram._i18n import Markup, Translator
from communitybot.telegram.handlers._kit import Kit

_log = logging.getLogger(__name__)


def notice_text(notice: Notice, t: Translator) -> Markup:
    """The text of one notice (``notice.<kind>.<event>``)."""
    return t(
        notice.key,
        amount=t.money(notice.amount),
        balance=t.money(notice.balance),
        counterpart=notice.counterpart.name if notice.counterpart else "",
        subject=notice.subject,
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


async def deliver_notices(
    kit: Kit,
    bot: Any,
    notices: Sequence[Notice],
    *,
    key: str | None,
    seen_in: int | None = None,
) -> None:
    """Send each notice privately; skip whoever acted in their own private chat (``seen_in``,
    they just read the answer there) and people who never opened a chat with the bot. With
    ``key``, confirm the delivery afterwards (a failed confirmation leaves them owed: the next
    replay of the key tells them again)."""
    if not notices:
        return
    t = kit.shared
    for notice in notices:
        if notice.tid is not None:
            await tell_privately(bot, notice.tid, notice_text(notice, t), seen_in=seen_in)
    if key is None:
        return
    try:
        await kit.pool.run(kit.community.notices_delivered, key=key)
    except Exception:  # noqa: BLE001 - still owed: the next replay tells them again
        _log.warning("could not record the notices of %s", key, exc_info=True)


REMINDER_CHECK_SECONDS = 3600.0
"""How often the bot looks for members to remind of a low balance (each at most once a month)."""


async def remind_periodically(kit: Kit, bot: Any, *, every: float = REMINDER_CHECK_SECONDS) -> None:
    """Remind members below ``community.reminder_below`` now and then every ``every`` seconds,
    until cancelled. A reminder is recorded before it is sent: one that cannot be delivered is
    not tried again that month."""
    while True:
        try:
            notices = await kit.pool.run(kit.community.remind_low_balances)
            await deliver_notices(kit, bot, notices, key=None)
        except Exception:  # noqa: BLE001 - logged; the next round tries again
            _log.warning("could not send the balance reminders", exc_info=True)
        await asyncio.sleep(every)


__all__ = [
    "REMINDER_CHECK_SECONDS",
    "deliver_notices",
    "notice_text",
    "remind_periodically",
    "tell_privately",
]
