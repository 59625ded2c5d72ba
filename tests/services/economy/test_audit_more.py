"""The audit of the administration added with the Discord commands and the treasurer's toolkit:
expense categories, lines of credit, the reaction-mint permission, articles, fees and roles are
recorded with who, what, before and after, in the change's transaction."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from communitybot.core.audit import AuditEntry, AuditQuery
from communitybot.core.economy import AccountType, CreditPeriod, Permission, Subject
from communitybot.core.errors import AlreadyExists
from communitybot.core.ids import MemberId
from communitybot.db.uow import UnitOfWork
from communitybot.services import audit
from communitybot.services import community as svc
from communitybot.services.economy import authorizations, categories, permissions
from tests.conftest import Snapshot as Snap
from tests.services.economy.conftest import ADMIN, Bank
from tests.support.community import RULES, World, new_key


def latest(uow: UnitOfWork) -> AuditEntry:
    """The newest entry."""
    return audit.list_audit(uow, AuditQuery(limit=1)).entries[0]


def test_categories_and_lines_of_credit(bank: Bank, uow: UnitOfWork) -> None:
    food = categories.create_expense_category(
        uow, ADMIN, economy_id=bank.economy.id, code="FOOD", name="Food", clock=bank.clock
    )
    made = latest(uow)
    assert (made.actor, made.kind, made.target, made.economy_id) == (
        "user:1",
        "expense_category.create",
        f"expense_category:{food.id}",
        bank.economy.id,
    )
    assert (made.before, made.after) == (
        None,
        {"code": "food", "name": "Food", "description": None, "reference": None},
    )
    firm = bank.account(None, name="firm", kind=AccountType.CORPORATION)
    line = authorizations.create_line_of_credit(
        uow,
        ADMIN,
        account_id=firm.id,
        holder_id=MemberId(21),
        category_id=food.id,
        name="lunch",
        credits_limit=500,
        period=CreditPeriod.WEEK,
        clock=bank.clock,
    )
    opened = latest(uow)
    assert (opened.kind, opened.target, opened.before) == (
        "line_of_credit.create",
        f"line_of_credit:{line.id}",
        None,
    )
    assert opened.after is not None
    assert (opened.after["holder_id"], opened.after["credits_limit"]) == (21, 500)
    authorizations.set_credits_limit(uow, ADMIN, line_id=line.id, credits_limit=800)
    raised = latest(uow)
    assert (raised.kind, raised.before, raised.after) == (
        "line_of_credit.set_limit",
        {"credits_limit": 500},
        {"credits_limit": 800},
    )
    authorizations.reset_credits(uow, ADMIN, line_id=line.id, expensed_credits=100)
    assert (latest(uow).kind, latest(uow).after) == (
        "line_of_credit.reset",
        {"expensed_credits": 100},
    )
    authorizations.terminate_line_of_credit(uow, ADMIN, line_id=line.id, clock=bank.clock)
    ended = latest(uow)
    assert ended.kind == "line_of_credit.terminate"
    assert ended.before == {"terminated_at": None}
    assert ended.after is not None
    assert ended.after["terminated_at"] is not None


def test_a_refused_category_records_nothing(
    bank: Bank, uow: UnitOfWork, snapshot: Callable[[], Snap]
) -> None:
    categories.create_expense_category(uow, ADMIN, economy_id=bank.economy.id, code="a", name="A")
    before = snapshot()
    with pytest.raises(AlreadyExists):
        categories.create_expense_category(
            uow, ADMIN, economy_id=bank.economy.id, code="a", name="B"
        )
    assert snapshot() == before


def test_the_reaction_mint_permission(bank: Bank, uow: UnitOfWork) -> None:
    permissions.set_permissions(
        uow,
        ADMIN,
        subject=Subject.user(MemberId(30)),
        permissions=[Permission.MINT_BY_REACTION],
        economy_id=bank.economy.id,
    )
    granted = latest(uow)
    assert granted.kind.startswith("permission.")
    assert "MINT_BY_REACTION" in str(granted.after)


def test_articles_fees_and_roles_of_the_treasurer(uow: UnitOfWork) -> None:
    world = World(uow)
    ann = world.user("Ann")
    cola = svc.add_article(uow, RULES, tid=None, name="cola", price=150, barcode="123")
    added = latest(uow)
    assert (added.actor, added.kind, added.target, added.before) == (
        "admin",
        "community.add_article",
        f"article:{cola.id}",
        None,
    )
    assert added.after is not None
    assert (added.after["price"], added.after["barcode"]) == (150, "123")
    new = svc.reprice_article(uow, RULES, tid=None, name="cola", price=170)
    repriced = latest(uow)
    assert repriced.target == f"article:{new.id}"
    assert repriced.before is not None
    assert repriced.after is not None
    assert (repriced.before["price"], repriced.after["price"]) == (150, 170)
    svc.deactivate_article(uow, RULES, tid=None, name="cola")
    assert (latest(uow).before, latest(uow).after) == ({"active": True}, {"active": False})
    fee = svc.create_fee(uow, tid=None, amount=300, description="rent", user=ann.id, key=new_key())
    charged = latest(uow)
    assert (charged.kind, charged.target) == ("community.create_fee", f"fee:{fee.id}")
    assert charged.after is not None
    assert (charged.after["amount"], charged.after["user_id"]) == (300, ann.id)
    svc.cancel_fee(uow, tid=None, fee_id=fee.id)
    assert (latest(uow).kind, latest(uow).before, latest(uow).after) == (
        "community.cancel_fee",
        {"status": "active"},
        {"status": "cancelled"},
    )
    assert svc.grant_role(uow, user=ann.id, role="treasurer")
    role = latest(uow)
    assert (role.kind, role.target, role.after) == (
        "community.grant_role",
        f"member:{ann.id}",
        {"role": "treasurer"},
    )
