"""Every inline button: decode, check, act, edit, and answer exactly once."""

from __future__ import annotations

import logging

from telegram import CallbackQuery, Update
from telegram.error import TelegramError

from communitybot.runtime import Refused
from communitybot.runtime.catalogue import describe_error
from communitybot.telegram._callbacks import Action, BadCallback, Callback, decode
from communitybot.telegram._i18n import Translator
from communitybot.telegram.handlers._collectives import Collectives
from communitybot.telegram.handlers._kit import Context, HandlerGroup, Kit
from communitybot.telegram.handlers._money import Money
from communitybot.telegram.handlers._press import ButtonResult, answer
from communitybot.telegram.handlers._privacy import Privacy
from communitybot.telegram.handlers._queries import Queries

_log = logging.getLogger(__name__)


class Buttons(HandlerGroup):
    """The one handler of button presses, dispatching to the group a press belongs to."""

    def __init__(
        self,
        kit: Kit,
        *,
        money: Money,
        queries: Queries,
        collectives: Collectives,
        privacy: Privacy,
    ) -> None:
        super().__init__(kit)
        self.privacy = privacy
        self.money = money
        self.queries = queries
        self.collectives = collectives

    async def button(self, update: Update, context: Context) -> None:
        """Every inline button: decode, check, act, edit, and answer exactly once."""
        query = update.callback_query
        if query is None:
            return
        t = self.kit.translator(query.from_user)
        answered = False
        try:
            async with self.kit.visit(query.from_user):
                try:
                    callback = decode(query.data)
                except BadCallback:
                    result = ButtonResult(t("callback.invalid"), True)
                else:
                    try:
                        result = await self._dispatch(update, query, callback, t)
                    except Refused as refused:
                        error = describe_error(refused.error, t, refused.context)
                        result = ButtonResult(error, True)
                answered = True
                await answer(query, result.text, show_alert=result.alert)
                if result.then is not None:
                    try:
                        await result.then()
                    except TelegramError as err:  # answered and done: only the display lags
                        _log.warning("could not update messages after a press: %s", err)
        finally:
            if not answered:
                await answer(query, t("general.unexpected"), show_alert=True)

    async def _dispatch(
        self, update: Update, query: CallbackQuery, callback: Callback, t: Translator
    ) -> ButtonResult:
        if callback.action in (Action.CONFIRM_SEND, Action.ABORT_SEND):
            return await self.money.press(query, callback, t)
        if callback.action is Action.HISTORY_PAGE:
            return await self.queries.history_press(query, callback, t)
        if callback.action in (Action.FORGET, Action.KEEP):
            return await self.privacy.press(query, callback, t)
        return await self.collectives.press(query, callback, t)


__all__ = ["Buttons"]
