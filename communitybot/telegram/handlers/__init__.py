"""The command and button handlers, one module per command group.

Every handler is thin: it parses the command, hands one function to the worker pool
(:meth:`Kit.work`, which identifies the acting user, calls the community service and, when the
service refuses, looks up the names the refusal needs) and presents the result. Domain errors
become one short text from the catalogue; anything else goes to the global error handler
(:meth:`Screen.on_error`), which logs it with the update and answers politely. Every button
press is answered exactly once (:class:`Buttons`).

===================  ==========================================================================
``_kit``             what every group shares: the services, the catalogue, the worker pool,
                     replies, counts, the person a command names
``_start_help``      ``/start``, ``/help``, the hint to /help in private chats
``_queries``         ``/balance``, ``/history`` (and its page buttons), ``/data``, ``/zwegat``,
                     ``/blame``, ``/top``
``_money``           ``/send`` and its Confirm and Abort buttons
``_collectives``     ``/pay``, ``/communism``, their buttons and recorded messages
``_consume``         ``/consume`` and the per-consumable shortcuts
``_vouch``           ``/vouch``
``_vote_right``      ``/vote_right``, the treasurers' command (not in the menu or /help list)
``_books``           ``/statement``, ``/chart``, ``/notify``
``_notices``         the one way notices go out (privately), and the reminders round
``_member_admin``    ``/member`` and ``/close``, the treasurers' other commands (likewise)
``_cash``            ``/deposit``, ``/withdraw``, ``/cashbox``, ``/undo``, ``/reverse`` (treasurers)
``_articles``        ``/article``, the treasurers' articles (add, price, off, stock, barcode)
``_fees``            ``/fee``, the treasurers' membership fees, and the round that charges them
``_privacy``         ``/forgetme`` and its Confirm and Keep buttons
``_buttons``         the one button handler, dispatching to the group a press belongs to
``_screen``          the replay guard, the sender screen, the error handler
===================  ==========================================================================
"""

from __future__ import annotations

from telegram import Update

from communitybot.telegram.handlers._articles import Articles
from communitybot.telegram.handlers._books import Books
from communitybot.telegram.handlers._buttons import Buttons
from communitybot.telegram.handlers._cash import Cash, Undo
from communitybot.telegram.handlers._collectives import Collectives
from communitybot.telegram.handlers._consume import Consume
from communitybot.telegram.handlers._fees import Fees, charge_due_fees
from communitybot.telegram.handlers._kit import (
    BASE_COMMANDS,
    TREASURER_COMMANDS,
    BoundHandler,
    Context,
    Kit,
)
from communitybot.telegram.handlers._member_admin import MemberAdmin
from communitybot.telegram.handlers._money import Money
from communitybot.telegram.handlers._notices import (
    deliver_notices,
    remind_low_balances,
    send_notices,
)
from communitybot.telegram.handlers._privacy import Privacy
from communitybot.telegram.handlers._queries import Queries
from communitybot.telegram.handlers._screen import Screen, from_stand_in
from communitybot.telegram.handlers._start_help import StartHelp
from communitybot.telegram.handlers._vote_right import VoteRight
from communitybot.telegram.handlers._vouch import Vouch
from communitybot.telegram.handlers._words import Target, plain


class CommunityHandlers:
    """Every handler of the community bot, bound to one :class:`Container`: the groups over one
    shared :class:`Kit`, and each command's handler by its name (``handlers.send``)."""

    def __init__(self, kit: Kit) -> None:
        self.kit = kit
        greeting = StartHelp(kit)
        queries = Queries(kit)
        money = Money(kit)
        collectives = Collectives(kit)
        consume = Consume(kit)
        vouch = Vouch(kit, collectives=collectives)
        vote_right = VoteRight(kit)
        books = Books(kit)
        member_admin = MemberAdmin(kit, collectives=collectives)
        cash = Cash(kit)
        undo = Undo(kit)
        articles = Articles(kit)
        fees = Fees(kit)
        screen = Screen(kit)
        privacy = Privacy(kit)
        self.by_command: dict[str, BoundHandler] = {
            "start": greeting.start,
            "help": greeting.help,
            "balance": queries.balance,
            "history": queries.history,
            "data": queries.data,
            "zwegat": queries.zwegat,
            "blame": queries.blame,
            "top": queries.top,
            "send": money.send,
            "pay": collectives.pay,
            "communism": collectives.communism,
            "consume": consume.consume,
            "vouch": vouch.vouch,
            "vote_right": vote_right.vote_right,
            "statement": books.statement,
            "chart": books.chart,
            "notify": books.notify,
            "member": member_admin.member,
            "close": member_admin.close,
            "deposit": cash.deposit,
            "withdraw": cash.withdraw,
            "cashbox": cash.cashbox,
            "undo": undo.undo,
            "reverse": undo.reverse,
            "article": articles.article,
            "fee": fees.fee,
            "forgetme": privacy.forgetme,
        }
        self.consume_shortcut = consume.consume_shortcut
        self.hint = greeting.hint

        async def other_command(update: Update, context: Context) -> None:
            await consume.article_command(update, context, greeting.hint)

        self.other_command: BoundHandler = other_command
        self.button = Buttons(
            kit, money=money, queries=queries, collectives=collectives, privacy=privacy
        ).button
        self.expire_payment_requests = collectives.expire
        self.drop_repeated = screen.drop_repeated
        self.screen = screen.screen
        self.on_error = screen.on_error

    def commands(self) -> list[str]:
        """Every command name, shortcuts for consumables included."""
        return self.kit.commands()


__all__ = [
    "BASE_COMMANDS",
    "TREASURER_COMMANDS",
    "CommunityHandlers",
    "Context",
    "Kit",
    "Target",
    "charge_due_fees",
    "deliver_notices",
    "from_stand_in",
    "plain",
    "remind_low_balances",
    "send_notices",
]
