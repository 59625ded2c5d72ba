"""Overlapping tax brackets created at once (on a ``--cluster``: on two nodes): one is refused;
and ``communitybot check`` finds overlapping brackets made by hand.

The overlap check reads the economy's brackets; on a multi-primary cluster only written rows
conflict, so creating a bracket also writes the guard row of the economy's brackets."""

from __future__ import annotations

import pytest
from sqlalchemy import insert

from communitybot.core.economy import AccountType, TaxType
from communitybot.core.errors import TaxBracketOverlap
from communitybot.db.models.economy import TaxBracketRow
from communitybot.db.uow import UnitOfWork
from communitybot.services import community as community_svc
from communitybot.services.economy import taxes
from tests.services.community.test_rule_races import race
from tests.services.economy.conftest import Bank
from tests.support.community import RULES

ROUNDS = 8


def test_check_reports_overlapping_brackets_of_one_kind(bank: Bank, uow: UnitOfWork) -> None:
    treasury = bank.account(None, kind=AccountType.GOVERNMENT, name="treasury")
    for name, start, end, tax_type in [
        ("low", 0, 1_000, TaxType.WEALTH_MARGINAL),
        ("high", 1_000, None, TaxType.WEALTH_MARGINAL),
        ("income", 500, 2_000, TaxType.INCOME),  # another tax type may overlap
    ]:
        taxes.create_tax_bracket(
            uow, bank.admin, economy_id=bank.economy.id, name=name, affected_type=AccountType.USER,
            tax_type=tax_type, start=start, end=end, rate=100, to_account_id=treasury.id,
        )  # fmt: skip
    assert community_svc.rule_violations(uow, RULES) == ()
    uow.run(
        lambda s: s.execute(
            insert(TaxBracketRow).values(
                economy_id=bank.economy.id,
                name="middle",
                affected_type=AccountType.USER,
                tax_type=TaxType.WEALTH_MARGINAL,
                bracket_start=900,
                bracket_end=1_100,
                rate=5,
                to_account_id=treasury.id,
            )
        )
    )
    problems = community_svc.rule_violations(uow, RULES)
    assert [p.code for p in problems] == ["tax_brackets_overlap"] * 2
    assert [p.detail for p in problems] == [
        f"economy #{bank.economy.id}: tax brackets {a!r} and 'middle' (USER, WEALTH_MARGINAL) "
        "overlap"
        for a in ("low", "high")
    ]


@pytest.mark.mysql_only
@pytest.mark.cluster
def test_overlapping_brackets_created_at_once_one_is_refused(bank: Bank, uow: UnitOfWork) -> None:
    treasury = bank.account(None, kind=AccountType.GOVERNMENT, name="treasury")
    for round_ in range(ROUNDS):
        base = round_ * 10_000  # each round's brackets overlap each other, not earlier rounds

        def create(index: int, base: int = base, round_: int = round_) -> str:
            try:
                taxes.create_tax_bracket(
                    uow, bank.admin, economy_id=bank.economy.id, name=f"b{round_}-{index}",
                    affected_type=AccountType.USER, tax_type=TaxType.WEALTH_MARGINAL,
                    start=base + index * 100, end=base + 5_000, rate=100,
                    to_account_id=treasury.id,
                )  # fmt: skip
            except TaxBracketOverlap:
                return "overlap"
            return "created"

        assert race(2, create) == ["created", "overlap"]
        names = {b.name for b in taxes.list_tax_brackets(uow, economy_id=bank.economy.id)}
        assert len([n for n in names if n.startswith(f"b{round_}-")]) == 1
    assert community_svc.rule_violations(uow, RULES) == ()
