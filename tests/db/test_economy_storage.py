"""The economy tables and brokers on MariaDB: migrations, constraints, locks, conditional SQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from communitybot.core.economy import AccountType, KeyType, Permission, Scope, Subject
from communitybot.core.ids import AccountId, ApiKeyId, ApplicationId, EconomyId, MemberId
from communitybot.db import UnitOfWork
from communitybot.db import migrate as migrations
from communitybot.db.brokers.economy import accounts, economies, keys, permissions
from communitybot.db.models.community import COMMUNITY_TABLES
from communitybot.db.models.economy import ECONOMY_TABLES
from communitybot.db.models.economy_ext import ECONOMY_EXT_TABLES
from tests.support.migrations import scratch_database

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _economy(uow: UnitOfWork) -> EconomyId:
    return uow.run(
        lambda s: economies.insert_economy(s, currency_name="c", currency_unit="c", now=NOW)
    )


def _account(uow: UnitOfWork, economy_id: EconomyId, name: str, owner: int | None) -> AccountId:
    return uow.run(
        lambda s: accounts.insert_account(
            s,
            economy_id=economy_id,
            name=name,
            account_type=AccountType.USER if owner else AccountType.CHARITY,
            owner_id=None if owner is None else MemberId(owner),
            now=NOW,
        )
    )


@pytest.mark.mysql_only
def test_economy_migrations_touch_only_their_own_tables(database_url: str) -> None:
    with scratch_database(database_url, "econ") as (engine, tables):
        migrations.upgrade(engine, "0002_operations")
        before = tables()
        migrations.upgrade(engine, "0005_economy_ext")  # the economy's last revision
        after = tables()
        economy_names = {t.name for t in (*ECONOMY_TABLES, *ECONOMY_EXT_TABLES)}
        assert set(after) - set(before) == economy_names
        for table in COMMUNITY_TABLES:
            assert after[table.name] == before[table.name]
        for name in economy_names:
            assert "ENGINE=InnoDB" in after[name]
            assert "CHARSET=utf8mb4" in after[name]
        migrations.downgrade(engine, "0002_operations")
        assert tables() == before


def test_open_names_and_user_slots_are_unique_but_closed_ones_free(uow: UnitOfWork) -> None:
    economy_id = _economy(uow)
    first = _account(uow, economy_id, "alice", 10)
    with pytest.raises(IntegrityError):
        _account(uow, economy_id, "alice", 11)  # the name
    with pytest.raises(IntegrityError):
        _account(uow, economy_id, "other", 10)  # a second USER account of owner 10
    uow.run(lambda s: accounts.close_account(s, account_id=first, now=NOW))
    again = _account(uow, economy_id, "alice", 10)
    assert again != first
    _account(uow, economy_id, "fund-a", None)
    _account(uow, economy_id, "fund-b", None)  # ownerless accounts need no slot


@pytest.mark.mysql_only
def test_locks_cover_every_account_of_the_economy(uow: UnitOfWork, engine: Engine) -> None:
    economy_id = _economy(uow)
    ids = [_account(uow, economy_id, f"a{n}", 100 + n) for n in range(5)]
    other_economy = uow.run(
        lambda s: economies.insert_economy(s, currency_name="d", currency_unit="d", now=NOW)
    )
    outsider = _account(uow, other_economy, "x", 1)
    with engine.connect() as holder, engine.connect() as probe:
        holder.begin()
        with Session(bind=holder) as session:
            assert accounts.lock_economy_accounts(session, economy_id=economy_id) == 5
            for account_id in ids:
                with pytest.raises(OperationalError):
                    probe.execute(
                        text("SELECT id FROM economy_accounts WHERE id = :id FOR UPDATE NOWAIT"),
                        {"id": account_id},
                    )
                probe.rollback()
            probe.execute(
                text("SELECT id FROM economy_accounts WHERE id = :id FOR UPDATE NOWAIT"),
                {"id": outsider},
            )
            probe.rollback()
        holder.rollback()


def test_lock_accounts_returns_current_rows(uow: UnitOfWork) -> None:
    economy_id = _economy(uow)
    a, b = _account(uow, economy_id, "a", 1), _account(uow, economy_id, "b", 2)

    def move(session: Session) -> dict[AccountId, int]:
        accounts.add_to_account_balances(session, deltas={a: -5, b: 5})
        locked = accounts.lock_accounts(session, ids=[b, a, b])
        return {k: v.balance for k, v in locked.items()}

    assert uow.run(move) == {a: -5, b: 5}


def test_rule_upsert_changes_in_place_and_delete_resets(uow: UnitOfWork) -> None:
    economy_id = _economy(uow)
    subject = Subject.user(7)
    scope = Scope(economy_id)
    for allowed in (True, False):
        uow.run(
            lambda s, allowed=allowed: permissions.upsert_rule(
                s, subject=subject, permission=Permission.MANAGE_FUNDS, scope=scope, allowed=allowed
            )
        )
    rules = uow.read(lambda s: permissions.list_rules(s, subject=subject))
    assert [(r.permission, r.scope, r.allowed) for r in rules] == [
        (Permission.MANAGE_FUNDS, scope, False)
    ]
    assert uow.run(
        lambda s: permissions.delete_rule(
            s, subject=subject, permission=Permission.MANAGE_FUNDS, scope=scope
        )
    )
    assert uow.read(lambda s: permissions.list_rules(s, subject=subject)) == []


def test_spend_is_conditional_on_the_limit(uow: UnitOfWork) -> None:
    economy_id = _economy(uow)
    account_id = _account(uow, economy_id, "a", 1)
    application = uow.run(
        lambda s: keys.insert_application(
            s, economy_id=economy_id, owner_id=MemberId(1), name="app", now=NOW
        )
    )

    def key(limit: int | None) -> ApiKeyId:
        return uow.run(
            lambda s: keys.insert_key(
                s,
                application_id=ApplicationId(application),
                economy_id=economy_id,
                issuer_id=MemberId(1),
                key_type=KeyType.GRANT,
                account_id=account_id,
                spending_limit=limit,
                enabled=True,
                secret_hash=bytes(32),
                now=NOW,
            )
        )

    limited, unlimited = key(100), key(None)
    assert uow.run(lambda s: keys.spend(s, key_id=limited, amount=60))
    assert not uow.run(lambda s: keys.spend(s, key_id=limited, amount=41))
    assert uow.run(lambda s: keys.spend(s, key_id=limited, amount=40))
    assert uow.run(lambda s: keys.spend(s, key_id=unlimited, amount=10**12))
    stored = uow.read(lambda s: keys.get_key(s, key_id=limited))
    assert stored.spent == 100
