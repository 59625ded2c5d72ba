"""The books: ``/statement`` (a month's statement, as text or CSV), ``/chart`` (the balance
over time as a PNG; ``/chart community`` for treasurers) and ``/notify`` (which notices a member
gets)."""

from __future__ import annotations

from telegram import InputFile, Message, Update
from telegram.constants import ChatType

from communitybot.core.books import BalanceSeries, Month, Statement, statements_csv, zone_of
from communitybot.core.cash import CASHBOX_SERIES
from communitybot.core.community import HistoryEntry, UserInfo
from communitybot.core.ids import TelegramId
from communitybot.core.notices import NoticeKind
from communitybot.runtime import render_balance_chart
from communitybot.telegram._i18n import Markup, Translator
from communitybot.telegram._present import history_line
from communitybot.telegram.handlers._kit import Context, HandlerGroup, command

_CSV = "csv"
_COMMUNITY = "community"
_SWITCHES = {"on": True, "off": False}


def statement_text(statement: Statement, t: Translator) -> Markup:
    """A statement as a message (may exceed one message; :meth:`Kit.reply` splits it)."""
    lines = [
        t(
            "statement.title",
            name=statement.member.name,
            month=str(statement.month),
            zone=statement.zone,
        ),
        t("statement.opening", balance=t.money(statement.opening)),
    ]
    for line in statement.lines:
        m = line.movement
        entry = HistoryEntry(m.transaction_id, m.registered, m.amount, m.counterpart, m.reason)
        lines.append(
            t("statement.line", line=history_line(entry, t), balance=t.money(line.balance))
        )
    if not statement.lines:
        lines.append(t("statement.none"))
    lines.append(
        t(
            "statement.closing",
            balance=t.money(statement.closing),
            received=t.money(statement.received),
            paid=t.money(statement.paid),
        )
    )
    return Markup("\n".join(lines))


class Books(HandlerGroup):
    """Statements, charts and the notification settings."""

    @command
    async def statement(self, update: Update, context: Context) -> None:
        """``/statement [YYYY-MM] [csv]``, privately: the month's statement (this month by
        default), as a message or a CSV file."""
        message, tg_user, t = self.kit.sender(update)
        if message.chat.type != ChatType.PRIVATE:
            await self.kit.reply(message, t("general.private_only", command="statement"))
            return
        args = list(context.args or [])
        as_csv = bool(args) and args[-1].lower() == _CSV
        words = args[:-1] if as_csv else args
        if len(words) > 1:
            await self.kit.usage(message, t, "statement")
            return
        tid = TelegramId(tg_user.id)

        def work(actor: UserInfo) -> Statement:
            month = Month.parse(words[0]) if words else None
            return self.kit.community.statement(tid=tid, month=month)

        found = await self.kit.work(tg_user, work)
        if not as_csv:
            await self.kit.reply(message, statement_text(found, t))
            return
        content = statements_csv([found], zone_of(found.zone)).encode()
        await message.reply_document(
            InputFile(content, filename=f"statement-{found.month}-{tg_user.id}.csv"),
            caption=t("statement.file_caption", month=str(found.month), count=len(found.lines)),
        )

    @command
    async def chart(self, update: Update, context: Context) -> None:
        """``/chart``: your balance over time as a PNG; ``/chart community``: the community's
        accounts (treasurers)."""
        message, tg_user, t = self.kit.sender(update)
        args = [a.lower() for a in context.args or []]
        if args not in ([], [_COMMUNITY]):
            await self.kit.usage(message, t, "chart")
            return
        tid = TelegramId(tg_user.id)
        if args:
            series = await self.kit.work(
                tg_user, lambda actor: self.kit.community.community_chart(actor_tid=tid)
            )
            title = str(t("chart.title.community", community=self.kit.rules.community_name))
        else:
            mine = await self.kit.work(
                tg_user, lambda actor: self.kit.community.balance_chart(tid=tid)
            )
            series = (mine,)
            title = str(t("chart.title.member", name=mine.label))
        await self._send_chart(message, series, title, t)

    async def _send_chart(
        self, message: Message, series: tuple[BalanceSeries, ...], title: str, t: Translator
    ) -> None:
        if not any(line.points for line in series):
            await self.kit.reply(message, t("chart.empty"))
            return
        labels = {
            line.label: str(t(f"chart.series.{line.label}"))
            for line in series
            if t.has(f"chart.series.{line.label}")
        }
        # drawing is CPU work: in the worker pool, off the event loop
        png = await self.kit.pool.run(
            render_balance_chart, series, title=title, labels=labels, money=t.money
        )
        count = sum(len(line.points) for line in series)
        caption = str(
            t("chart.caption", title=title, count=count, balance=t.money(series[0].final))
        )
        for line in series[1:]:
            if line.label == CASHBOX_SERIES:
                caption = str(t("chart.caption.cashbox", caption=caption, cash=t.money(line.final)))
        await message.reply_document(InputFile(png, filename="chart.png"), caption=caption)

    @command
    async def notify(self, update: Update, context: Context) -> None:
        """``/notify``: which notices you get; ``/notify on|off kind`` turns one on or off."""
        message, tg_user, t = self.kit.sender(update)
        args = [a.lower() for a in context.args or []]
        tid = TelegramId(tg_user.id)
        if not args:
            off = await self.kit.work(
                tg_user, lambda actor: self.kit.community.notice_settings(tid=tid)
            )
            await self.kit.reply(message, _settings_text(off, t))
            return
        if len(args) != 2 or args[0] not in _SWITCHES:
            await self.kit.usage(message, t, "notify")
            return
        kinds = {kind.value: kind for kind in NoticeKind}
        kind = kinds.get(args[1])
        if kind is None:
            await self.kit.reply(
                message, t("notify.unknown_kind", kind=args[1][:32], kinds=", ".join(kinds))
            )
            return
        enabled = _SWITCHES[args[0]]
        await self.kit.work(
            tg_user,
            lambda actor: self.kit.community.set_notice(tid=tid, kind=kind, enabled=enabled),
        )
        description = t(f"notify.kind.{kind.value}")
        await self.kit.reply(
            message, t("notify.now_on" if enabled else "notify.now_off", description=description)
        )


def _settings_text(off: frozenset[NoticeKind], t: Translator) -> Markup:
    lines = [t("notify.title")]
    for kind in NoticeKind:
        state = t("notify.state.off" if kind in off else "notify.state.on")
        description = t(f"notify.kind.{kind.value}")
        lines.append(t("notify.line", state=state, kind=kind.value, description=description))
    lines.append(t("notify.footer"))
    return Markup("\n".join(lines))


__all__ = ["Books", "statement_text"]
