"""Payment authorisation: expense categories, lines of credit, and paying against them.

An economy's administrators define its **expense categories** (:mod:`.categories`). Whoever
may delegate spending on an account — ``MANAGE_PERMISSIONS`` **and** ``TRANSFER_FUNDS`` on it, so
nobody hands out more than they hold — opens **lines of credit** on it: member M may spend up to
a limit per period (day, ISO week, month, year in UTC, or in total) in one category. One open line
per holder and category of an account, names unique per account (``DuplicateLineOfCredit``).

:func:`authorize_payment` is how a holder spends: the line, not ``TRANSFER_FUNDS``, is their
authority. In **one** transaction it resolves the payment's categories, finds the holder's open
line for each of them, locks the accounts (ascending id order) and then the lines (ascending id
order), checks every line's remainder in the current period, the account's limit and the rest of
the transfer rules, writes the transfer (with any VAT) and its journal, and consumes the whole
debit from each line with a conditional relative update. Concurrent payments on one line queue on
its lock and can never together pass its limit; a refusal changes nothing.

Categories named by the caller are trusted; an adapter facing holders it does not trust should
let a resolver decide them (:class:`~communitybot.core.economy.PayeeCategoryResolver`
categorises by the account paid, as card networks do by merchant).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from functools import partial
from typing import Any

from sqlalchemy.orm import Session

from communitybot.core.clock import Clock
from communitybot.core.economy import (
    NAME_MAX,
    Account,
    Actor,
    CreditPeriod,
    ExpenseCategoryResolver,
    KeyActor,
    LineOfCredit,
    PaymentAuthorization,
    PendingPayment,
    Permission,
    Principal,
    check_amount,
    check_credit_line,
    clean_codes,
    period_key,
    resolve_categories,
    validate_credits,
)
from communitybot.core.errors import (
    CreditLimitExceeded,
    DuplicateLineOfCredit,
    InvalidLineOfCredit,
    IssuanceAccountForbidden,
    NoLineOfCredit,
    NotFound,
    PaymentNotCategorized,
)
from communitybot.core.ids import (
    AccountId,
    ExpenseCategoryId,
    LineOfCreditId,
    MemberId,
    PaymentAuthorizationId,
)
from communitybot.db.brokers.economy import accounts as account_broker
from communitybot.db.brokers.economy import authorizations as auth_broker
from communitybot.db.brokers.economy import economies as economy_broker
from communitybot.db.idempotency import run_once
from communitybot.db.stores import EconomyStore
from communitybot.db.uow import UnitOfWork
from communitybot.services.economy._audited import line_changed
from communitybot.services.economy._common import (
    SYSTEM_CLOCK,
    authorize,
    authorized_account,
    clean_name,
    open_account,
    person,
    read_viewable,
    refuse,
    run_unique,
    same_economy,
    usable_key,
)
from communitybot.services.economy.transfers import transfer_legs
from communitybot.services.ledger import move

OPERATION = "economy.authorize_payment"
"""The idempotency operation name of :func:`authorize_payment`."""


# --- lines of credit -------------------------------------------------------------------------


def _may_delegate_spending(session: Session, actor: Actor, account: Account) -> None:
    """``MANAGE_PERMISSIONS`` and ``TRANSFER_FUNDS`` on the account (both, never either)."""
    for permission in (Permission.MANAGE_PERMISSIONS, Permission.TRANSFER_FUNDS):
        authorize(session, actor, permission, account=account)


def create_line_of_credit(
    uow: UnitOfWork,
    principal: Principal,
    *,
    account_id: AccountId,
    holder_id: MemberId,
    category_id: ExpenseCategoryId,
    name: str,
    credits_limit: int,
    period: CreditPeriod = CreditPeriod.MONTH,
    expensed_credits: int = 0,
    clock: Clock = SYSTEM_CLOCK,
) -> LineOfCredit:
    """Let ``holder_id`` spend from an account in one category, up to ``credits_limit`` per
    ``period`` (``expensed_credits`` already spent in the current one).

    Needs ``MANAGE_PERMISSIONS`` and ``TRANSFER_FUNDS`` on the account. Refuses
    ``DuplicateLineOfCredit`` (``field`` ``holder_category`` or ``name``),
    ``InvalidLineOfCredit``, ``InvalidName``, ``CrossEconomy``, ``AccountClosed``,
    ``IssuanceAccountForbidden``, ``NotFound``, ``NotPermitted``.
    """
    clean = clean_name("line_of_credit", name, NAME_MAX)
    validate_credits(credits_limit=credits_limit, expensed_credits=expensed_credits)

    def run(session: Session) -> LineOfCredit:
        actor = person(principal, "MANAGE_LINES_OF_CREDIT")
        account = open_account(account_broker.get_account(session, account_id=account_id))
        economy_broker.get_economy(session, economy_id=account.economy_id)
        if account.is_issuance:
            raise IssuanceAccountForbidden(account_id=account.id)
        category = auth_broker.get_category(session, category_id=category_id)
        same_economy(account.economy_id, category.economy_id)
        _may_delegate_spending(session, actor, account)
        if auth_broker.find_open_line(
            session, account_id=account.id, holder_id=holder_id, category_id=category.id
        ):
            raise DuplicateLineOfCredit(
                account_id=account.id,
                field="holder_category",
                value=f"{holder_id}/{category.code}",
            )
        if auth_broker.find_open_line(session, account_id=account.id, name=clean):
            raise DuplicateLineOfCredit(account_id=account.id, field="name", value=clean)
        now = clock.now()
        line_id = auth_broker.insert_line(
            session,
            economy_id=account.economy_id,
            account_id=account.id,
            holder_id=holder_id,
            category_id=category.id,
            name=clean,
            period=period,
            credits_limit=credits_limit,
            expensed_credits=expensed_credits,
            period_key=period_key(period, now),
            now=now,
        )
        line = auth_broker.get_line(session, line_id=line_id)
        return line_changed(session, actor, "create", None, line)

    return run_unique(uow, run)


def _managed_line(session: Session, principal: Principal, line_id: LineOfCreditId) -> LineOfCredit:
    """The open line, locked, if ``principal`` may manage lines on its account."""
    actor = person(principal, "MANAGE_LINES_OF_CREDIT")
    line = auth_broker.lock_line(session, line_id=line_id)
    if not line.is_open:
        raise InvalidLineOfCredit(reason="terminated", value=line.id)
    account = account_broker.get_account(session, account_id=line.account_id)
    _may_delegate_spending(session, actor, account)
    return line


def set_credits_limit(
    uow: UnitOfWork, principal: Principal, *, line_id: LineOfCreditId, credits_limit: int
) -> LineOfCredit:
    """Change a line's limit (what was expensed stays). As :func:`create_line_of_credit` needs."""
    validate_credits(credits_limit=credits_limit)

    def run(session: Session) -> LineOfCredit:
        line = _managed_line(session, principal, line_id)
        auth_broker.set_credits(session, line_id=line.id, credits_limit=credits_limit)
        after = auth_broker.get_line(session, line_id=line.id)
        return line_changed(session, principal, "set_limit", line, after)

    return uow.run(run)


def reset_credits(
    uow: UnitOfWork,
    principal: Principal,
    *,
    line_id: LineOfCreditId,
    expensed_credits: int = 0,
    credits_limit: int | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> LineOfCredit:
    """Set what a line expensed in the current period (and optionally its limit)."""
    validate_credits(
        credits_limit=0 if credits_limit is None else credits_limit,
        expensed_credits=expensed_credits,
    )

    def run(session: Session) -> LineOfCredit:
        line = _managed_line(session, principal, line_id)
        auth_broker.set_credits(
            session,
            line_id=line.id,
            credits_limit=credits_limit,
            expensed_credits=expensed_credits,
            period_key=period_key(line.period, clock.now()),
        )
        after = auth_broker.get_line(session, line_id=line.id)
        return line_changed(session, principal, "reset", line, after)

    return uow.run(run)


def terminate_line_of_credit(
    uow: UnitOfWork, principal: Principal, *, line_id: LineOfCreditId, clock: Clock = SYSTEM_CLOCK
) -> LineOfCredit:
    """Close a line for good; its name and holder/category slot are free again."""

    def run(session: Session) -> LineOfCredit:
        line = _managed_line(session, principal, line_id)
        auth_broker.terminate_line(session, line_id=line.id, now=clock.now())
        after = auth_broker.get_line(session, line_id=line.id)
        return line_changed(session, principal, "terminate", line, after)

    return uow.run(run)


def _holder_or_viewer(
    session: Session, principal: Principal, *, holder_id: MemberId, account_id: AccountId
) -> None:
    """Its holder (in person) may read a line or payment; others need ``VIEW_BALANCE`` on it."""
    if holder_id != principal.user_id or isinstance(principal, KeyActor):
        authorized_account(session, principal, Permission.VIEW_BALANCE, account_id)


def get_line_of_credit(
    uow: UnitOfWork, principal: Principal, *, line_id: LineOfCreditId
) -> LineOfCredit:
    """A line: for its holder, or whoever holds ``VIEW_BALANCE`` on its account."""

    def run(session: Session) -> LineOfCredit:
        line = auth_broker.get_line(session, line_id=line_id)
        _holder_or_viewer(session, principal, holder_id=line.holder_id, account_id=line.account_id)
        return line

    return uow.read(run)


def get_line_of_credit_id(
    uow: UnitOfWork,
    *,
    account_id: AccountId,
    holder_id: MemberId,
    category_id: ExpenseCategoryId,
) -> LineOfCreditId | None:
    """The open line of a holder on an account for a category (the line resolver), or ``None``."""

    def run(session: Session) -> LineOfCreditId | None:
        line = auth_broker.find_open_line(
            session, account_id=account_id, holder_id=holder_id, category_id=category_id
        )
        return None if line is None else line.id

    return uow.read(run)


def lines_of_credit_for_holder(uow: UnitOfWork, principal: Principal) -> list[LineOfCredit]:
    """The open lines the acting member holds."""
    return uow.read(lambda session: auth_broker.list_lines(session, holder_id=principal.user_id))


def lines_of_credit_for_account(
    uow: UnitOfWork,
    principal: Principal,
    *,
    account_id: AccountId,
    include_terminated: bool = False,
) -> list[LineOfCredit]:
    """The lines on an account. Needs ``VIEW_BALANCE`` on it."""

    read = partial(
        auth_broker.list_lines, account_id=account_id, include_terminated=include_terminated
    )
    return read_viewable(uow, principal, account_id, read)


# --- paying ----------------------------------------------------------------------------------


def authorize_payment(
    uow: UnitOfWork,
    principal: Principal,
    *,
    from_account_id: AccountId,
    to_account_id: AccountId,
    amount: int,
    idempotency_key: str,
    categories: Collection[str] | None = None,
    resolver: ExpenseCategoryResolver | None = None,
    memo: str = "",
    clock: Clock = SYSTEM_CLOCK,
) -> PaymentAuthorization:
    """Pay ``amount`` from an account under the acting member's lines of credit.

    The payment's categories are ``categories`` (codes), or what ``resolver`` decides. The
    member needs an open line on the paying account for **each** category with enough left in
    its current period for the whole debit (price plus any VAT); every line is charged that
    debit. An API key pays for its issuer, only in its economy, and a GRANT key only from its
    own account; its spending limit applies. Refuses, changing nothing, with
    ``PaymentNotCategorized``, ``NotFound``, ``NoLineOfCredit``,
    ``CreditLimitExceeded``, ``InsufficientBalance`` and the other refusals of a transfer
    (``AmountOutOfRange``, ``SelfTransfer``, ``CrossEconomy``, ``IssuanceAccountForbidden``,
    ``AccountClosed``, ``NotFound``, ``BalanceOutOfRange``, ``SpendingLimitExceeded``,
    ``ApiKeyUnusable``, ``NotPermitted``, ``IdempotencyKeyConflict``).
    """
    check_amount(amount)
    if categories is None and resolver is None:
        raise PaymentNotCategorized()

    def act(session: Session) -> tuple[PaymentAuthorization, dict[str, Any]]:
        now = clock.now()
        payer = account_broker.get_account(session, account_id=from_account_id)
        payee = account_broker.get_account(session, account_id=to_account_id)
        economy = economy_broker.get_economy(session, economy_id=payer.economy_id)
        if isinstance(principal, KeyActor):
            usable_key(session, principal)
            if principal.economy_id != economy.id or principal.account_id not in (None, payer.id):
                raise refuse(
                    principal, "AUTHORIZE_PAYMENT", economy_id=economy.id, account_id=payer.id
                )
        holder = principal.user_id
        if categories is not None:
            codes = clean_codes(categories)
        else:
            assert resolver is not None
            pending = PendingPayment(
                economy_id=economy.id,
                from_account_id=payer.id,
                to_account_id=payee.id,
                amount=amount,
                holder_id=holder,
                memo=memo,
            )
            codes = resolve_categories(resolver, pending)
        found = auth_broker.list_categories_by_codes(session, economy_id=economy.id, codes=codes)
        by_code = {category.code: category for category in found}
        for code in sorted(codes):
            if code not in by_code:
                raise NotFound(kind="expense_category", ref=code)
        lines = auth_broker.list_open_lines_for(
            session,
            account_id=payer.id,
            holder_id=holder,
            category_ids=[c.id for c in found],
        )
        covered = {line.category_id for line in lines}
        for category in sorted(found, key=lambda c: c.code):
            if category.id not in covered:
                raise NoLineOfCredit(account_id=payer.id, holder_id=holder, ref=category.code)
        legs = transfer_legs(session, payer=payer, payee=payee, amount=amount)
        debit = sum(leg.amount for leg in legs if leg.from_id == payer.id)

        def within_lines(_locked: Mapping[int, Account]) -> None:
            locked = auth_broker.lock_lines(session, ids=[line.id for line in lines])
            for line in sorted(lines, key=lambda item: item.id):
                current = locked[line.id]
                if not current.is_open:
                    category = next(c for c in found if c.id == current.category_id)
                    raise NoLineOfCredit(account_id=payer.id, holder_id=holder, ref=category.code)
                check_credit_line(current, amount=debit, now=now)

        store = EconomyStore(session, economy.id, principal=principal, now=now, detail="payment")
        entries = move(store, legs, check=within_lines).entries
        consumed: list[tuple[LineOfCreditId, str]] = []
        for line in sorted(lines, key=lambda item: item.id):
            key = period_key(line.period, now)
            if not auth_broker.consume(session, line_id=line.id, amount=debit, period_key=key):
                # pragma: no cover - the line is locked and was checked just before
                current = auth_broker.get_line(session, line_id=line.id)
                raise CreditLimitExceeded(
                    line_id=line.id,
                    limit=current.credits_limit,
                    expensed=current.expensed_at(now),
                    amount=debit,
                    period_key=key,
                )
            consumed.append((line.id, key))
        authorization_id = auth_broker.insert_authorization(
            session,
            economy_id=economy.id,
            entry_id=entries[0].id,
            from_account_id=payer.id,
            to_account_id=payee.id,
            holder_id=holder,
            key_id=principal.key_id if isinstance(principal, KeyActor) else None,
            amount=debit,
            lines=consumed,
            now=now,
        )
        authorization = auth_broker.get_authorization(session, authorization_id=authorization_id)
        return authorization, {"authorization": authorization_id}

    return run_once(
        uow,
        key=idempotency_key,
        op=OPERATION,
        act=act,
        replay=lambda session, data: auth_broker.get_authorization(
            session, authorization_id=PaymentAuthorizationId(data["authorization"])
        ),
    )


def get_payment_authorization(
    uow: UnitOfWork, principal: Principal, *, authorization_id: PaymentAuthorizationId
) -> PaymentAuthorization:
    """An authorised payment: for the member who paid, or ``VIEW_BALANCE`` on the paying account."""

    def run(session: Session) -> PaymentAuthorization:
        found = auth_broker.get_authorization(session, authorization_id=authorization_id)
        _holder_or_viewer(
            session, principal, holder_id=found.holder_id, account_id=found.from_account_id
        )
        return found

    return uow.read(run)


def available_credits(
    uow: UnitOfWork, principal: Principal, *, line_id: LineOfCreditId, clock: Clock = SYSTEM_CLOCK
) -> int:
    """What is left on a line in the current period (as :func:`get_line_of_credit` reads it)."""
    line = get_line_of_credit(uow, principal, line_id=line_id)
    return line.available_at(clock.now())


__all__ = [
    "OPERATION",
    "authorize_payment",
    "available_credits",
    "create_line_of_credit",
    "get_line_of_credit",
    "get_line_of_credit_id",
    "get_payment_authorization",
    "lines_of_credit_for_account",
    "lines_of_credit_for_holder",
    "reset_credits",
    "set_credits_limit",
    "terminate_line_of_credit",
]
