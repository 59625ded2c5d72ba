"""The economy extension tables and brokers on MariaDB: unique decisions and markers, the
conditional line consumption, the system vault account, and the leaderboard's integer SQL."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from communitybot.core.economy import (
    AccountType,
    CreditOutcome,
    CreditPeriod,
    GroupKind,
    value_at,
)
from communitybot.core.ids import (
    AccountId,
    EconomyId,
    ExchangeId,
    ExpenseCategoryId,
    GuildId,
    LineOfCreditId,
    MemberId,
)
from communitybot.db import UnitOfWork
from communitybot.db.brokers.economy import accounts, authorizations, economies, exchanges, groups

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _economy(uow: UnitOfWork, name: str = "c") -> EconomyId:
    return uow.run(
        lambda s: economies.insert_economy(s, currency_name=name, currency_unit=name, now=NOW)
    )


def _account(
    uow: UnitOfWork, economy_id: EconomyId, name: str, owner: int | None, *, system: bool = False
) -> AccountId:
    return uow.run(
        lambda s: accounts.insert_account(
            s,
            economy_id=economy_id,
            name=name,
            account_type=AccountType.USER if owner else AccountType.FINANCIAL,
            owner_id=None if owner is None else MemberId(owner),
            now=NOW,
            system=system,
        )
    )


def test_one_global_group_and_one_single_group_per_guild(uow: UnitOfWork) -> None:
    uow.run(
        lambda s: groups.insert_group(s, kind=GroupKind.GLOBAL, name="g", guild_id=None, now=NOW)
    )
    with pytest.raises(IntegrityError):
        uow.run(
            lambda s: groups.insert_group(
                s, kind=GroupKind.GLOBAL, name="h", guild_id=None, now=NOW
            )
        )
    for name in ("l1", "l2"):  # local groups need no slot
        uow.run(
            lambda s, name=name: groups.insert_group(
                s, kind=GroupKind.LOCAL, name=name, guild_id=None, now=NOW
            )
        )
    uow.run(
        lambda s: groups.insert_group(
            s, kind=GroupKind.SINGLE, name="s1", guild_id=GuildId(7), now=NOW
        )
    )
    with pytest.raises(IntegrityError):
        uow.run(
            lambda s: groups.insert_group(
                s, kind=GroupKind.SINGLE, name="s2", guild_id=GuildId(7), now=NOW
            )
        )


def test_an_economy_belongs_to_one_group(uow: UnitOfWork) -> None:
    economy_id = _economy(uow)
    first, second = (
        uow.run(
            lambda s, name=name: groups.insert_group(
                s, kind=GroupKind.LOCAL, name=name, guild_id=None, now=NOW
            )
        )
        for name in ("a", "b")
    )
    uow.run(lambda s: groups.insert_currency(s, group_id=first, economy_id=economy_id, now=NOW))
    with pytest.raises(IntegrityError):
        uow.run(
            lambda s: groups.insert_currency(s, group_id=second, economy_id=economy_id, now=NOW)
        )


def test_the_target_decides_about_an_exchange_once(uow: UnitOfWork) -> None:
    economy_id = _economy(uow)

    def decide(outcome: CreditOutcome) -> None:
        uow.run(
            lambda s: exchanges.insert_credit(
                s, exchange_id=ExchangeId(99), economy_id=economy_id, outcome=outcome, now=NOW
            )
        )

    decide(CreditOutcome.VOIDED)
    with pytest.raises(IntegrityError):
        decide(CreditOutcome.MINTED)
    found = uow.read(lambda s: exchanges.find_credit(s, exchange_id=ExchangeId(99)))
    assert found == (CreditOutcome.VOIDED, None, None)


def test_a_system_account_is_closed_and_holds_no_name(uow: UnitOfWork) -> None:
    economy_id = _economy(uow)
    vault = _account(uow, economy_id, "bank-notes", None, system=True)
    _account(uow, economy_id, "bank-notes", 5)  # the name stays free for people
    stored = uow.read(lambda s: accounts.get_account(s, account_id=vault))
    assert (stored.is_open, stored.closed_at, stored.owner_id) == (False, NOW, None)
    assert (
        uow.read(lambda s: accounts.list_accounts(s, economy_id=economy_id, ids=[vault])) == []
    )  # not listed with the open accounts


def _line(uow: UnitOfWork, *, name: str = "lunch", holder: int = 21) -> LineOfCreditId:
    economy_id = uow.read(lambda s: economies.list_economies(s))[0].id
    account_id = uow.read(lambda s: accounts.list_accounts(s, economy_id=economy_id))[0].id
    category = uow.read(
        lambda s: authorizations.find_category_by(s, economy_id=economy_id, code="food")
    )
    assert category is not None
    return uow.run(
        lambda s: authorizations.insert_line(
            s,
            economy_id=economy_id,
            account_id=account_id,
            holder_id=MemberId(holder),
            category_id=category.id,
            name=name,
            period=CreditPeriod.MONTH,
            credits_limit=1_000,
            expensed_credits=0,
            period_key="2026-01",
            now=NOW,
        )
    )


@pytest.fixture
def with_category(uow: UnitOfWork) -> ExpenseCategoryId:
    economy_id = _economy(uow)
    _account(uow, economy_id, "acme", 20)
    return uow.run(
        lambda s: authorizations.insert_category(
            s,
            economy_id=economy_id,
            code="food",
            name="Food",
            description=None,
            reference=None,
            now=NOW,
        )
    )


@pytest.mark.usefixtures("with_category")
def test_open_lines_are_unique_and_terminated_ones_free_their_slot(uow: UnitOfWork) -> None:
    first = _line(uow)
    with pytest.raises(IntegrityError):
        _line(uow, name="other")  # same holder and category
    with pytest.raises(IntegrityError):
        _line(uow, holder=22)  # same name
    uow.run(lambda s: authorizations.terminate_line(s, line_id=first, now=NOW))
    assert _line(uow) != first


@pytest.mark.usefixtures("with_category")
def test_consume_is_conditional_and_starts_a_new_period_from_zero(uow: UnitOfWork) -> None:
    line_id = _line(uow)

    def consume(amount: int, key: str) -> bool:
        return uow.run(
            lambda s: authorizations.consume(s, line_id=line_id, amount=amount, period_key=key)
        )

    assert consume(600, "2026-01")
    assert not consume(401, "2026-01")
    assert consume(400, "2026-01")
    assert not consume(1, "2026-01")
    assert consume(1_000, "2026-02")  # a new month: from zero
    stored = uow.read(lambda s: authorizations.get_line(s, line_id=line_id))
    assert (stored.period_key, stored.expensed_credits) == ("2026-02", 1_000)
    assert not consume(1_001, "2026-03")
    uow.run(lambda s: authorizations.terminate_line(s, line_id=line_id, now=NOW))
    assert not consume(1, "2026-04")  # a terminated line spends nothing


def test_the_leaderboard_sql_rounds_like_python(uow: UnitOfWork) -> None:
    rng = random.Random(7)
    economy_ids = [_economy(uow, name) for name in ("p", "q", "r")]
    terms = {economy_ids[0]: (1, 1), economy_ids[1]: (3, 7), economy_ids[2]: (9_999, 10_000)}
    expected: dict[int, int] = {}
    for owner in range(1, 40):
        for economy_id in economy_ids:
            balance = rng.choice([-1, 1]) * rng.randrange(0, 10 ** rng.randrange(1, 15))
            account_id = _account(uow, economy_id, f"u{owner}", owner)

            def set_balance(
                s: Session, account_id: AccountId = account_id, b: int = balance
            ) -> None:
                accounts.add_to_account_balances(s, deltas={account_id: b})

            uow.run(set_balance)
            n, d = terms[economy_id]
            expected[owner] = expected.get(owner, 0) + value_at(balance, numerator=n, denominator=d)
    board = uow.read(lambda s: groups.leaderboard(s, terms=terms, limit=100))
    assert dict(board) == expected
    assert [v for _o, v in board] == sorted(expected.values(), reverse=True)
