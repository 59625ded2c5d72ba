"""The audit of administration on MariaDB: every change of permissions, accounts, brackets,
economies, guilds, applications, keys, groups and rates is one entry in the change's own
transaction (a refused change leaves none); reading filters, pages and exports."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from communitybot.core.audit import AuditEntry, AuditQuery
from communitybot.core.clock import ManualClock
from communitybot.core.economy import (
    AccountType,
    Actor,
    GroupKind,
    KeyType,
    Permission,
    Subject,
    TaxType,
)
from communitybot.core.errors import AccountNotEmpty, AuditQueryInvalid, LacksPermission
from communitybot.core.ids import GuildId, MemberId
from communitybot.db.uow import UnitOfWork
from communitybot.services import audit
from communitybot.services.economy import (
    accounts,
    economies,
    groups,
    keys,
    permissions,
    taxes,
)
from communitybot.services.economy import audit as economy_audit
from tests.conftest import Snapshot
from tests.services.economy.conftest import ADMIN, Bank

ALICE = Actor(MemberId(10))


def entries(uow: UnitOfWork, **filters: object) -> list[AuditEntry]:
    """Every entry the filters select, newest first."""
    return list(audit.iter_audit(uow, AuditQuery(**filters)))


def latest(uow: UnitOfWork) -> AuditEntry:
    """The newest entry."""
    return entries(uow)[0]


def test_accounts_record_what_changed(bank: Bank, uow: UnitOfWork) -> None:
    shop = bank.account(kind=AccountType.GOVERNMENT, name="shop")
    opened = latest(uow)
    assert (opened.actor, opened.kind, opened.target) == (
        "user:1",
        "account.open",
        f"account:{shop.id}",
    )
    assert opened.economy_id == bank.economy.id
    assert opened.before is None
    assert opened.after == {
        "name": "shop",
        "account_type": "GOVERNMENT",
        "owner_id": None,
        "min_balance": 0,
        "closed_at": None,
    }
    accounts.rename_account(uow, ADMIN, account_id=shop.id, new_name="kiosk")
    renamed = latest(uow)
    assert (renamed.kind, renamed.before, renamed.after) == (
        "account.rename",
        {"name": "shop"},
        {"name": "kiosk"},
    )
    accounts.transfer_ownership(uow, ADMIN, account_id=shop.id, new_owner_id=ALICE.user_id)
    assert latest(uow).after == {"owner_id": 10}
    accounts.set_account_limit(uow, ADMIN, account_id=shop.id, min_balance=-500)
    assert (latest(uow).kind, latest(uow).before, latest(uow).after) == (
        "account.limit",
        {"min_balance": 0},
        {"min_balance": -500},
    )
    accounts.close_account(uow, ADMIN, account_id=shop.id, clock=bank.clock)
    closed = latest(uow)
    assert closed.kind == "account.close"
    assert closed.after == {"closed_at": bank.clock.now().isoformat()}
    assert closed.at == bank.clock.now()


def test_a_refused_change_records_nothing(
    bank: Bank, uow: UnitOfWork, snapshot: Callable[[], Snapshot]
) -> None:
    rich = bank.account(owner=10, balance=100)
    before = snapshot()
    with pytest.raises(AccountNotEmpty):
        accounts.close_account(uow, ADMIN, account_id=rich.id)
    with pytest.raises(LacksPermission):
        permissions.set_permissions(
            uow,
            ALICE,
            subject=Subject.user(11),
            permissions=[Permission.MANAGE_FUNDS],
            economy_id=bank.economy.id,
        )
    assert snapshot() == before


def test_permissions_record_before_and_after(bank: Bank, uow: UnitOfWork) -> None:
    subject = Subject.user(ALICE.user_id)
    where = {"economy_id": bank.economy.id}
    permissions.set_permissions(
        uow,
        ADMIN,
        subject=subject,
        permissions=[Permission.MANAGE_FUNDS],
        **where,
    )
    granted = latest(uow)
    assert (granted.kind, granted.target) == ("permission.grant", "user:10")
    assert granted.before == {"scope": f"economy:{bank.economy.id}", "MANAGE_FUNDS": None}
    assert granted.after == {"scope": f"economy:{bank.economy.id}", "MANAGE_FUNDS": "granted"}
    count = len(entries(uow))
    permissions.set_permissions(  # the same grant again changes nothing and records nothing
        uow,
        ADMIN,
        subject=subject,
        permissions=[Permission.MANAGE_FUNDS],
        **where,
    )
    assert len(entries(uow)) == count
    permissions.set_permissions(
        uow,
        ADMIN,
        subject=Subject.role(77),
        permissions=[Permission.MANAGE_FUNDS],
        allowed=False,
        **where,
    )
    assert (latest(uow).kind, latest(uow).target) == ("permission.deny", "role:77")
    permissions.reset_permissions(
        uow,
        ADMIN,
        subject=subject,
        permissions=[Permission.MANAGE_FUNDS],
        **where,
    )
    reset = latest(uow)
    assert (reset.kind, reset.before["MANAGE_FUNDS"], reset.after["MANAGE_FUNDS"]) == (
        "permission.reset",
        "granted",
        None,
    )


def test_brackets_economies_and_guilds(bank: Bank, uow: UnitOfWork, clock: ManualClock) -> None:
    treasury = bank.account(kind=AccountType.GOVERNMENT, name="treasury")
    bracket = taxes.create_tax_bracket(
        uow,
        ADMIN,
        economy_id=bank.economy.id,
        name="wealth",
        affected_type=AccountType.USER,
        tax_type=TaxType.WEALTH_MARGINAL,
        start=1000,
        end=None,
        rate=100,
        to_account_id=treasury.id,
    )
    made = latest(uow)
    assert (made.kind, made.target, made.before) == (
        "bracket.create",
        f"bracket:{bracket.id}",
        None,
    )
    assert made.after is not None
    assert made.after["tax_type"] == "WEALTH_MARGINAL"
    taxes.delete_tax_bracket(uow, ADMIN, economy_id=bank.economy.id, name="wealth")
    gone = latest(uow)
    assert (gone.kind, gone.before, gone.after) == ("bracket.delete", made.after, None)
    other = economies.create_economy(
        uow, ADMIN, currency_name="tokens", currency_unit="tk", guild_id=GuildId(5), clock=clock
    )
    assert latest(uow).after == {"currency_name": "tokens", "currency_unit": "tk", "owner_guild": 5}
    economies.register_guild(uow, ADMIN, guild_id=GuildId(6), economy_id=other.id)
    assert (latest(uow).kind, latest(uow).target) == ("economy.register_guild", "guild:6")
    economies.unregister_guild(uow, ADMIN, guild_id=GuildId(6))
    assert (latest(uow).kind, latest(uow).before) == (
        "economy.unregister_guild",
        {"economy_id": other.id},
    )
    economies.delete_economy(uow, ADMIN, economy_id=other.id, clock=clock)
    assert (latest(uow).kind, latest(uow).target) == ("economy.delete", f"economy:{other.id}")


def test_applications_and_keys(bank: Bank, uow: UnitOfWork) -> None:
    application = keys.create_application(uow, ALICE, economy_id=bank.economy.id, name="till")
    assert (latest(uow).kind, latest(uow).after) == (
        "application.create",
        {"name": "till", "owner_id": 10},
    )
    issued = keys.create_key(
        uow, ALICE, application_id=application.id, issuer_id=ALICE.user_id, key_type=KeyType.MASTER
    )
    made = latest(uow)
    assert (made.kind, made.target) == ("key.create", f"key:{issued.key.id}")
    assert issued.token not in json.dumps(made.as_json())
    keys.enable_key(uow, ALICE, key_id=issued.key.id)
    assert (latest(uow).kind, latest(uow).before, latest(uow).after) == (
        "key.enable",
        {"enabled": False},
        {"enabled": True},
    )
    keys.activate_key(uow, ALICE, key_id=issued.key.id)
    assert latest(uow).after == {"activated": True}
    keys.disable_key(uow, ALICE, key_id=issued.key.id)
    assert latest(uow).kind == "key.disable"
    keys.delete_key(uow, ALICE, key_id=issued.key.id)
    assert latest(uow).after == {"deleted": True}
    keys.delete_application(uow, ALICE, application_id=application.id)
    assert (latest(uow).kind, latest(uow).after) == ("application.delete", None)
    assert [e.kind for e in entries(uow, actor="user:10", kind="key")] == [
        "key.delete",
        "key.disable",
        "key.activate",
        "key.enable",
        "key.create",
    ]
    assert len(entries(uow, target=f"application:{application.id}")) == 2


def test_groups_and_rates(bank: Bank, uow: UnitOfWork, clock: ManualClock) -> None:
    group = groups.create_group(uow, ADMIN, kind=GroupKind.LOCAL, name="coast", clock=clock)
    assert (latest(uow).kind, latest(uow).target) == ("group.create", f"group:{group.id}")
    groups.add_currency(uow, ADMIN, group_id=group.id, economy_id=bank.economy.id, clock=clock)
    added = latest(uow)
    assert (added.kind, added.before, added.after) == (
        "group.add_currency",
        {"primary_economy_id": None, "economy_ids": []},
        {"primary_economy_id": bank.economy.id, "economy_ids": [bank.economy.id]},
    )
    other = economies.create_economy(uow, ADMIN, currency_name="shells", currency_unit="sh")
    groups.add_currency(uow, ADMIN, group_id=group.id, economy_id=other.id, clock=clock)
    groups.set_primary_currency(uow, ADMIN, group_id=group.id, economy_id=other.id)
    assert latest(uow).after == {"primary_economy_id": other.id}
    pair = {"from_economy_id": bank.economy.id, "to_economy_id": other.id}
    groups.set_exchange_rate(uow, ADMIN, **pair, numerator=2, denominator=1, clock=clock)
    groups.set_exchange_rate(uow, ADMIN, **pair, numerator=3, denominator=1, clock=clock)
    changed = latest(uow)
    assert (changed.kind, changed.target, changed.before, changed.after) == (
        "rate.set",
        f"rate:{bank.economy.id}-{other.id}",
        {"numerator": 2, "denominator": 1},
        {"numerator": 3, "denominator": 1},
    )
    groups.remove_exchange_rate(uow, ADMIN, **pair)
    assert (latest(uow).kind, latest(uow).after) == ("rate.remove", None)


def test_reading_filters_pages_and_exports(bank: Bank, uow: UnitOfWork, clock: ManualClock) -> None:
    start = clock.now()
    for number in range(7):
        bank.account(name=f"a{number}", kind=AccountType.GOVERNMENT)
        clock.advance(timedelta(minutes=1))
    window = entries(uow, since=start + timedelta(minutes=2), until=start + timedelta(minutes=4))
    assert [e.after["name"] for e in window] == ["a3", "a2"]
    first = audit.list_audit(uow, AuditQuery(kind="account.open", limit=3))
    assert [e.after["name"] for e in first.entries] == ["a6", "a5", "a4"]
    assert first.next_before is not None
    second = audit.list_audit(
        uow, AuditQuery(kind="account.open", limit=3, before_id=first.next_before)
    )
    assert [e.after["name"] for e in second.entries] == ["a3", "a2", "a1"]
    last = audit.list_audit(
        uow, AuditQuery(kind="account.open", limit=3, before_id=second.next_before)
    )
    assert [e.after["name"] for e in last.entries] == ["a0"]
    assert last.next_before is None
    out = io.StringIO()
    assert audit.export_audit(uow, AuditQuery(kind="account"), out) == 7
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows[0]["target"].startswith("account:")
    assert rows[0]["at"].endswith("+00:00")
    assert (
        economy_audit.economy_audit(
            uow, ADMIN, economy_id=bank.economy.id, query=AuditQuery(kind="economy")
        )
        .entries[0]
        .kind
        == "economy.create"
    )
    with pytest.raises(LacksPermission):
        economy_audit.economy_audit(uow, ALICE, economy_id=bank.economy.id, query=AuditQuery())
    with pytest.raises(AuditQueryInvalid):
        AuditQuery(limit=501)
    with pytest.raises(AuditQueryInvalid):
        AuditQuery(kind="")
    with pytest.raises(AuditQueryInvalid):
        AuditQuery(since=start.replace(tzinfo=None))
    assert entries(uow, kind="acc") == []  # an area is a whole word before the dot
    assert entries(uow, kind="account_") == []  # LIKE wildcards are taken literally


def test_an_entry_lives_and_dies_with_its_transaction(uow: UnitOfWork) -> None:
    def fails(session: Session) -> None:
        audit.record(session, actor=ALICE, kind="account.rename", target="account:1")
        raise AccountNotEmpty(account_id=1, balance=1)  # the change is refused after recording

    with pytest.raises(AccountNotEmpty):
        uow.run(fails)
    assert entries(uow) == []
    uow.run(lambda session: audit.record(session, actor=None, kind="x.y", target="x:1"))
    [entry] = entries(uow)
    assert (entry.actor, entry.kind, entry.before, entry.after) == ("admin", "x.y", None, None)
