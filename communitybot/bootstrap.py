"""The one place where settings, engine, unit of work, rules, clock and services are wired.

:func:`build_container` makes a :class:`Container` from the settings. Its
:attr:`~Container.use_cases` are the services with the unit of work, the community's rules and
the clock already bound: the chat adapters call ``use_cases.community.consume(tid=..., ...)`` or
``use_cases.economy.transfer(actor, ...)`` and never hold a unit of work or pass rules. A service
that takes a ``clock`` gets the container's (a :class:`~communitybot.core.clock.ManualClock` in
tests), so no adapter can forget it.
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Concatenate, ParamSpec, TypeVar, Unpack

from sqlalchemy import Engine

from communitybot.core.clock import Clock, SystemClock
from communitybot.core.community import ConfirmedSend, PendingTransfer, UserInfo
from communitybot.core.economy import NoteKeyring
from communitybot.core.errors import ConfigurationError, OutcomeUnknown
from communitybot.core.ids import UserId
from communitybot.core.notices import Notice
from communitybot.core.rules import CommunityRules
from communitybot.db import UnitOfWork, create_db_engine
from communitybot.services import api, community, economy, health
from communitybot.services.community.pending import Press
from communitybot.settings import Settings

P = ParamSpec("P")
R = TypeVar("R")


class _Binder:
    """Binds the unit of work (and, where a service takes them, the rules and the clock)."""

    def __init__(self, uow: UnitOfWork, rules: CommunityRules, clock: Clock) -> None:
        self._uow = uow
        self._rules = rules
        self._clock = clock

    def uow(self, fn: Callable[Concatenate[UnitOfWork, P], R]) -> Callable[P, R]:
        """``fn`` with the unit of work bound, and the clock when it takes a ``clock``."""
        uow, clock = self._uow, self._clock
        if "clock" not in inspect.signature(fn).parameters:
            return functools.wraps(fn)(functools.partial(fn, uow))

        @functools.wraps(fn)
        def bound(*args: P.args, **kwargs: P.kwargs) -> R:
            kwargs.setdefault("clock", clock)
            return fn(uow, *args, **kwargs)

        return bound

    def rules(self, fn: Callable[Concatenate[UnitOfWork, CommunityRules, P], R]) -> Callable[P, R]:
        """``fn`` with the unit of work and the community's rules bound."""
        return functools.wraps(fn)(functools.partial(fn, self._uow, self._rules))

    def rules_clock(
        self, fn: Callable[Concatenate[UnitOfWork, CommunityRules, P], R]
    ) -> Callable[P, R]:
        """``fn`` with the unit of work, the community's rules and the clock bound."""
        uow, rules, clock = self._uow, self._rules, self._clock

        @functools.wraps(fn)
        def bound(*args: P.args, **kwargs: P.kwargs) -> R:
            kwargs.setdefault("clock", clock)
            return fn(uow, rules, *args, **kwargs)

        return bound


class CommunityUseCases:
    """The community ledger's use cases, as the Telegram adapter calls them.

    ``rules`` is there to be shown (the community's name, its consumables, the votes a payment
    needs); the use cases already have them.
    """

    def __init__(self, uow: UnitOfWork, rules: CommunityRules, clock: Clock) -> None:
        self.rules = rules
        self._uow = uow
        self._clock = clock
        self._sweeps = community.SweepSchedule()
        self._doubtful = community.DoubtfulConfirms()
        bind = _Binder(uow, rules, clock)
        # people
        self.register_or_refresh = bind.rules(community.register_or_refresh)
        self.refresh_user = bind.uow(community.refresh_user)
        self.find_user = bind.uow(community.find_user)
        self.get_user = bind.uow(community.get_user)
        self.rights = bind.uow(community.rights)
        # reading
        self.history = bind.uow(community.history)
        self.full_history = bind.uow(community.full_history)
        self.user_data = bind.uow(community.user_data)
        self.personal_data = bind.uow(community.personal_data)
        self.can_forget = bind.uow(community.can_forget)
        self.forget_user = bind.uow(community.forget_user)
        self.community_balance = bind.uow(community.community_balance)
        self.most_in_debt = bind.uow(community.most_in_debt)
        self.leaderboard = bind.uow(community.leaderboard)
        # the books: statements, charts, reminders
        self.statement = bind.rules(community.statement)
        self.balance_chart = bind.rules(community.balance_chart)
        self.community_chart = bind.rules(community.community_chart)
        # notices: the kinds a member turned off, and confirming delivery
        self.notice_settings = bind.uow(community.notice_settings)
        self.set_notice = bind.uow(community.set_notice)
        self.notices_delivered = bind.uow(community.notices_delivered)
        # sending
        self.preview_send = bind.rules(community.preview_send)
        # collectives
        self.request_payment = bind.rules(community.request_payment)
        self.start_communism = bind.rules(community.start_communism)
        self.vote = bind.rules(community.vote)
        self.retract_vote = bind.rules(community.retract_vote)
        self.expire_payment_requests = bind.rules(community.expire_payment_requests)
        self.join_communism = bind.rules(community.join_communism)
        self.leave_communism = bind.uow(community.leave_communism)
        self.change_externals = bind.uow(community.change_externals)
        self.accept_communism = bind.rules(community.accept_communism)
        self.cancel_collective = bind.uow(community.cancel_collective)
        self.get_collective = bind.uow(community.get_collective)
        self.list_open_collectives = bind.uow(community.list_open_collectives)
        self.record_message = bind.uow(community.record_message)
        self.collective_shown_by = bind.uow(community.collective_shown_by)
        self.list_messages = bind.uow(community.list_messages)
        self.forget_message = bind.uow(community.forget_message)
        # consumables and vouching
        self.consume = bind.rules(community.consume)
        self.charge = bind.rules(community.charge)
        self.list_articles = bind.rules(community.list_articles)
        self.list_consumables = bind.rules(community.list_consumables)
        # articles: a treasurer's (checked by the actor's ``tid``)
        self.add_article = bind.rules_clock(community.add_article)
        self.reprice_article = bind.rules_clock(community.reprice_article)
        self.deactivate_article = bind.rules(community.deactivate_article)
        self.set_article_stock = bind.rules(community.set_article_stock)
        self.set_article_barcode = bind.rules(community.set_article_barcode)
        self.vouch = bind.rules(community.vouch)
        self.stop_vouching = bind.rules(community.stop_vouching)
        self.list_vouchees = bind.uow(community.list_vouchees)
        # the cash box and corrections (a treasurer's are checked by the actor's ``tid``)
        self.deposit = bind.rules_clock(community.deposit)
        self.withdraw = bind.rules_clock(community.withdraw)
        self.decide_deposit = bind.rules_clock(community.decide_deposit)
        self.cash_box = bind.uow(community.cash_box)
        self.count_cash_box = bind.rules(community.count_cash_box)
        self.undo_last = bind.rules_clock(community.undo_last)
        self.reverse = bind.rules_clock(community.reverse)
        # membership fees (the bot runs the due ones on a timer)
        self.create_fee = bind.uow(community.create_fee)
        self.cancel_fee = bind.uow(community.cancel_fee)
        self.list_fees = bind.uow(community.list_fees)
        self.run_due_fees = bind.rules_clock(community.run_due_fees)
        self.fee_notices = bind.uow(community.fee_notices)
        self.fee_notice_delivered = bind.uow(community.fee_notice_delivered)
        # standing: a treasurer's powers over others (the actor is checked by ``actor_tid``)
        self.set_vote_permission = bind.uow(community.set_vote_permission)
        self.set_active = bind.uow(community.set_active)
        self.make_internal = bind.uow(community.make_internal)
        self.make_external = bind.uow(community.make_external)

    def remind_low_balances(self) -> tuple[Notice, ...]:
        """:func:`~communitybot.services.community.remind_low_balances`, now."""
        return community.remind_low_balances(self._uow, self.rules, now=self._clock.now())

    # A ``/send`` waiting for Confirm is timed by the clock: ``now`` is the container's.

    def hold_send(
        self,
        *,
        token: str,
        key: str,
        sender: UserId | UserInfo,
        receiver: UserId | UserInfo,
        amount: int,
        reason: str | None,
        chat_id: int,
        msg_id: int,
    ) -> PendingTransfer:
        """:func:`~communitybot.services.community.hold_send`, from now; it forgets the
        expired ones only when its :class:`~communitybot.services.community.SweepSchedule`
        says one may have expired (else it is one statement)."""
        now = self._clock.now()
        held = community.hold_send(
            self._uow,
            token=token,
            key=key,
            sender=sender,
            receiver=receiver,
            amount=amount,
            reason=reason,
            chat_id=chat_id,
            msg_id=msg_id,
            now=now,
            sweep=self._sweeps.due(now),
        )
        self._sweeps.held(token, held.expires)
        return held

    def confirm_send(self, **press: Unpack[Press]) -> ConfirmedSend:
        """:func:`~communitybot.services.community.confirm_send`, now. The confirmed row stays
        for a day, the record a ``/send`` delivered again finds. A press answered "outcome
        unknown" is remembered, so the next one tells the receiver even when it replays."""
        token = press["token"]
        try:
            confirmed = community.confirm_send(
                self._uow,
                self.rules,
                now=self._clock.now(),
                owed=self._doubtful.owed(token),
                **press,
            )
        except OutcomeUnknown:
            self._doubtful.doubted(token)
            raise
        self._doubtful.settled(token)
        return confirmed

    def abort_send(self, **press: Unpack[Press]) -> PendingTransfer:
        """:func:`~communitybot.services.community.abort_send`, now."""
        aborted = community.abort_send(self._uow, now=self._clock.now(), **press)
        self._sweeps.forgotten(press["token"])
        return aborted


def _signed(fn: Callable[..., R], keyring: NoteKeyring | None) -> Callable[..., R]:
    """A bank note use case with the signing keys bound; without keys (``notes.signing_keys``
    unset in production) it refuses with ``ConfigurationError``."""
    if keyring is not None:
        return functools.partial(fn, keyring=keyring)

    def refuse(*args: object, **kwargs: object) -> R:
        raise ConfigurationError(problem="notes.signing_keys")

    return refuse


class EconomyUseCases:
    """The economy core's use cases, as the Discord adapter calls them (actor first)."""

    def __init__(
        self, uow: UnitOfWork, rules: CommunityRules, clock: Clock, note_keys: NoteKeyring | None
    ) -> None:
        self._clock = clock
        bind = _Binder(uow, rules, clock)
        # economies and servers
        self.guild_economy = bind.uow(economy.economies.guild_economy)
        self.get_economy = bind.uow(economy.economies.get_economy)
        self.find_economy_by_name = bind.uow(economy.economies.find_economy_by_name)
        self.create_economy = bind.uow(economy.economies.create_economy)
        self.register_guild = bind.uow(economy.economies.register_guild)
        self.unregister_guild = bind.uow(economy.economies.unregister_guild)
        # accounts
        self.get_account = bind.uow(economy.accounts.get_account)
        self.authable_accounts = bind.uow(economy.accounts.authable_accounts)
        self.open_account = bind.uow(economy.accounts.open_account)
        self.user_account_id = bind.uow(economy.accounts.user_account_id)
        self.resolve_account = bind.uow(economy.accounts.resolve_account)
        # money
        self.journal = bind.uow(economy.transfers.journal)
        self.transfer = bind.uow(economy.transfers.transfer)
        self.print_funds = bind.uow(economy.transfers.print_funds)
        self.remove_funds = bind.uow(economy.transfers.remove_funds)
        self.exchange = bind.uow(economy.exchange.exchange)
        # notifications
        self.subscribe = bind.uow(economy.notifications.subscribe)
        self.unsubscribe = bind.uow(economy.notifications.unsubscribe)
        self.deliver_pending = bind.uow(economy.notifications.deliver_pending)
        # permissions
        self.has_permission = bind.uow(economy.permissions.has_permission)
        self.list_permissions = bind.uow(economy.permissions.list_permissions)
        self.set_permissions = bind.uow(economy.permissions.set_permissions)
        self.reset_permissions = bind.uow(economy.permissions.reset_permissions)
        # taxes
        self.list_tax_brackets = bind.uow(economy.taxes.list_tax_brackets)
        self.create_tax_bracket = bind.uow(economy.taxes.create_tax_bracket)
        self.delete_tax_bracket = bind.uow(economy.taxes.delete_tax_bracket)
        self.preview_tax_cycle = bind.uow(economy.taxes.preview_tax_cycle)
        self.run_tax_cycle = bind.uow(economy.taxes.run_tax_cycle)
        # recurring transfers
        self.create_recurring_transfer = bind.uow(economy.recurring.create_recurring_transfer)
        self.list_recurring_transfers = bind.uow(economy.recurring.list_recurring_transfers)
        self.cancel_recurring_transfer = bind.uow(economy.recurring.cancel_recurring_transfer)
        self.recurring_payments = bind.uow(economy.recurring.recurring_payments)
        self.tick = bind.uow(economy.recurring.tick)
        # bank notes
        self.issue_note = _signed(bind.uow(economy.notes.issue_note), note_keys)
        self.inspect_note = _signed(bind.uow(economy.notes.inspect_note), note_keys)
        self.redeem_note = _signed(bind.uow(economy.notes.redeem_note), note_keys)
        self.cancel_note = bind.uow(economy.notes.cancel_note)
        self.list_notes = bind.uow(economy.notes.list_notes)
        self.expire_notes = bind.uow(economy.notes.expire_notes)
        # groups and the leaderboard
        self.guild_currencies = bind.uow(economy.groups.guild_currencies)
        self.group_of_economy = bind.uow(economy.groups.group_of_economy)
        self.leaderboard = bind.uow(economy.groups.leaderboard)
        self.economy_leaderboard = bind.uow(economy.groups.economy_leaderboard)
        # every other capability the Discord commands reach (issue 11)
        self.rename_account = bind.uow(economy.accounts.rename_account)
        self.transfer_ownership = bind.uow(economy.accounts.transfer_ownership)
        self.close_account = bind.uow(economy.accounts.close_account)
        self.set_account_limit = bind.uow(economy.accounts.set_account_limit)
        self.delete_economy = bind.uow(economy.economies.delete_economy)
        self.create_group = bind.uow(economy.groups.create_group)
        self.join_group = bind.uow(economy.groups.join_group)
        self.leave_group = bind.uow(economy.groups.leave_group)
        self.list_groups = bind.uow(economy.groups.list_groups)
        self.find_group_by_name = bind.uow(economy.groups.find_group_by_name)
        self.add_currency = bind.uow(economy.groups.add_currency)
        self.remove_currency = bind.uow(economy.groups.remove_currency)
        self.set_primary_currency = bind.uow(economy.groups.set_primary_currency)
        self.set_exchange_rate = bind.uow(economy.groups.set_exchange_rate)
        self.remove_exchange_rate = bind.uow(economy.groups.remove_exchange_rate)
        self.list_exchange_rates = bind.uow(economy.groups.list_exchange_rates)
        self.wallet = bind.uow(economy.wallets.wallet)
        self.default_currency = bind.uow(economy.wallets.default_currency)
        self.create_expense_category = bind.uow(economy.categories.create_expense_category)
        self.list_expense_categories = bind.uow(economy.categories.list_expense_categories)
        self.get_expense_category_id_by_code = bind.uow(
            economy.categories.get_expense_category_id_by_code
        )
        self.create_line_of_credit = bind.uow(economy.authorizations.create_line_of_credit)
        self.set_credits_limit = bind.uow(economy.authorizations.set_credits_limit)
        self.reset_credits = bind.uow(economy.authorizations.reset_credits)
        self.terminate_line_of_credit = bind.uow(economy.authorizations.terminate_line_of_credit)
        self.lines_of_credit_for_holder = bind.uow(
            economy.authorizations.lines_of_credit_for_holder
        )
        self.lines_of_credit_for_account = bind.uow(
            economy.authorizations.lines_of_credit_for_account
        )
        self.authorize_payment = bind.uow(economy.authorizations.authorize_payment)
        self.mint_by_reaction = bind.uow(economy.reactions.mint_by_reaction)
        self.quote_exchange = bind.uow(economy.exchange.quote_exchange)
        self.list_exchanges = bind.uow(economy.exchange.list_exchanges)
        self.subscribers = bind.uow(economy.notifications.subscribers)
        # applications and API keys; the audit of administration
        self.create_application = bind.uow(economy.keys.create_application)
        self.list_applications = bind.uow(economy.keys.list_applications)
        self.delete_application = bind.uow(economy.keys.delete_application)
        self.create_key = bind.uow(economy.keys.create_key)
        self.activate_key = bind.uow(economy.keys.activate_key)
        self.enable_key = bind.uow(economy.keys.enable_key)
        self.disable_key = bind.uow(economy.keys.disable_key)
        self.delete_key = bind.uow(economy.keys.delete_key)
        self.list_keys = bind.uow(economy.keys.list_keys)
        self.economy_audit = bind.uow(economy.audit.economy_audit)
        self.economy_audit_entries = bind.uow(economy.audit.economy_audit_entries)

    def now(self) -> datetime:
        """The container's clock (for options that name a time, such as a note's expiry)."""
        return self._clock.now()


class ApiUseCases:
    """What the HTTP API calls beside the economy's use cases: keys, answers kept per
    idempotency key, and the community's members (after Strichliste's REST API)."""

    def __init__(self, uow: UnitOfWork, rules: CommunityRules, clock: Clock) -> None:
        self.rules = rules
        bind = _Binder(uow, rules, clock)
        self.authenticate = bind.uow(economy.keys.authenticate)
        self.answer_once = bind.uow(api.answer_once)
        self.community_economy_id = bind.uow(api.community_economy_id)
        self.list_members = bind.uow(api.list_members)
        self.get_member = bind.uow(api.get_member)
        self.member_transactions = bind.uow(api.member_transactions)
        self.articles = bind.rules(api.articles)
        self.charge_member = bind.rules(api.charge_member)
        self.book_cash = bind.rules(api.book_cash)


class UseCases:
    """Every use case the adapters call, bound once."""

    def __init__(
        self, uow: UnitOfWork, rules: CommunityRules, clock: Clock, note_keys: NoteKeyring | None
    ) -> None:
        self.community = CommunityUseCases(uow, rules, clock)
        self.economy = EconomyUseCases(uow, rules, clock, note_keys)
        self.api = ApiUseCases(uow, rules, clock)
        self.health = functools.partial(health.check_health, uow)
        """:func:`~communitybot.services.health.check_health`: the health endpoint's answer."""


@dataclass(frozen=True)
class Container:
    """Everything a running communitybot needs, built once from the settings.

    :attr:`use_cases` is made from the other fields (again on :func:`dataclasses.replace`); the
    adapters use it, the CLI and the tests may also reach the unit of work directly.
    """

    settings: Settings
    engine: Engine
    uow: UnitOfWork
    rules: CommunityRules
    clock: Clock = field(default_factory=SystemClock)
    use_cases: UseCases = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        note_keys = self.settings.notes.keyring()
        cases = UseCases(self.uow, self.rules, self.clock, note_keys)
        object.__setattr__(self, "use_cases", cases)

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()
        for other in (self.uow.reader, self.uow.statements):
            if other is not None:
                other.dispose()


def build_container(settings: Settings, *, clock: Clock | None = None) -> Container:
    """Wire a :class:`Container` from validated ``settings``."""

    def connect(*, autocommit: bool = False, read_only: bool = True) -> Engine:
        return create_db_engine(
            settings.database_url,
            echo=settings.database_echo,
            failover_urls=settings.database_failover_urls,
            wsrep_sync_wait=settings.database_wsrep_sync_wait,
            autocommit=autocommit,
            read_only=read_only,
        )

    engine = connect()
    mysql = engine.dialect.name in ("mysql", "mariadb")
    reader = connect(autocommit=True) if mysql else None
    statements = connect(autocommit=True, read_only=False) if mysql else None
    return Container(
        settings=settings,
        engine=engine,
        uow=UnitOfWork(
            engine,
            attempts=settings.lock_retries,
            bulk_attempts=settings.bulk_lock_retries,
            in_doubt_seconds=settings.in_doubt_retry_seconds,
            reader=reader,
            statements=statements,
        ),
        rules=settings.community.to_rules(),
        clock=clock or SystemClock(),
    )


QUIET_LOGGERS = ("httpx", "httpcore", "apscheduler")
"""Libraries kept at WARNING whatever ``log_level`` says: httpx logs every Bot API request at INFO
with its URL, and that URL carries the bot token; APScheduler logs every run of every job."""


def configure_logging(settings: Settings) -> None:
    """Plain, timestamped logging at the configured level, without the request lines of
    :data:`QUIET_LOGGERS` (which would put the bot token into the log)."""
    logging.basicConfig(
        level=settings.log_level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


__all__ = [
    "QUIET_LOGGERS",
    "ApiUseCases",
    "CommunityUseCases",
    "Container",
    "EconomyUseCases",
    "UseCases",
    "build_container",
    "configure_logging",
]
