"""Overlapping tax brackets created at once (on a ``--cluster``: on two nodes): one is refused.

The overlap check reads the economy's brackets; on a multi-primary cluster only written rows
conflict, so creating a bracket also writes the guard row of the economy's brackets."""

from __future__ import annotations

import threading

import pytest

from communitybot.core.economy import AccountType, TaxType
from communitybot.core.errors import TaxBracketOverlap
from communitybot.db.uow import UnitOfWork
from communitybot.services.economy import taxes
from tests.services.economy.conftest import Bank
from tests.support.community import run_threads

ROUNDS = 8

pytestmark = [pytest.mark.mysql_only, pytest.mark.cluster]


def test_overlapping_brackets_created_at_once_one_is_refused(bank: Bank, uow: UnitOfWork) -> None:
    treasury = bank.account(None, kind=AccountType.GOVERNMENT, name="treasury")
    for round_ in range(ROUNDS):
        base = round_ * 10_000  # each round's brackets overlap each other, not earlier rounds
        outcomes: list[str] = []
        lock = threading.Lock()

        def create(index: int, base: int = base, round_: int = round_) -> None:
            try:
                taxes.create_tax_bracket(
                    uow, bank.admin, economy_id=bank.economy.id, name=f"b{round_}-{index}",
                    affected_type=AccountType.USER, tax_type=TaxType.WEALTH_MARGINAL,
                    start=base + index * 100, end=base + 5_000, rate=100,
                    to_account_id=treasury.id,
                )  # fmt: skip
                result = "created"
            except TaxBracketOverlap:
                result = "overlap"
            with lock:
                outcomes.append(result)

        assert run_threads(2, create) == []
        assert sorted(outcomes) == ["created", "overlap"]
        names = {b.name for b in taxes.list_tax_brackets(uow, economy_id=bank.economy.id)}
        assert len([n for n in names if n.startswith(f"b{round_}-")]) == 1
