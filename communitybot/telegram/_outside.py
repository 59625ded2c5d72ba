"""Notices owed by work done outside the bot process (the command line): sent with a plain
``telegram.ext.ExtBot`` of the configured token (HTML, as the bot writes), through the same texts
and privacy rules as the bot's own (:func:`~communitybot.telegram.handlers.send_notices`)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from telegram.constants import ParseMode
from telegram.ext import Defaults, ExtBot

from communitybot.core.notices import Notice
from communitybot.settings import Settings
from communitybot.telegram._i18n import default_catalogue
from communitybot.telegram.handlers import send_notices


def send_notices_now(settings: Settings, notices: Sequence[Notice]) -> bool:
    """Send ``notices`` privately in the community's language with the bot's token; ``False``
    (nothing sent) when no token is configured. Blocks until they are sent."""
    if not notices or settings.telegram_token is None:
        return False
    token = settings.telegram_token.get_secret_value()
    if not token:
        return False
    shared = default_catalogue(settings.locale).translator(None)

    async def send() -> None:
        defaults = Defaults(parse_mode=ParseMode.HTML)
        bot: ExtBot[None] = ExtBot(token, base_url=settings.telegram_base_url, defaults=defaults)
        async with bot:
            await send_notices(bot, notices, shared)

    asyncio.run(send())
    return True


__all__ = ["send_notices_now"]
