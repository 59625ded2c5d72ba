"""The admin CLI of the ledger: init, users, check, export, against the run's MariaDB database."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from communitybot.cli import main
from communitybot.core.notices import NoticeKind
from communitybot.db.models import User
from communitybot.db.uow import UnitOfWork
from communitybot.devtools import FakeBotApi
from communitybot.services import community as svc
from tests.conftest import Snapshot
from tests.support.community import World, new_key


@pytest.fixture
def cli(
    uow: UnitOfWork, database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> UnitOfWork:
    """Point the CLI at the run's database (and at no config file)."""
    monkeypatch.setenv("COMMUNITYBOT_DATABASE_URL", database_url)
    monkeypatch.setenv("COMMUNITYBOT_CONFIG", str(tmp_path / "absent.toml"))
    monkeypatch.chdir(tmp_path)
    return uow


def _nulls(uow: UnitOfWork) -> int:
    return uow.read(
        lambda s: s.scalar(select(func.count()).select_from(User).where(User.tid.is_(None)))
    )


def test_init_is_idempotent(cli: UnitOfWork, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init"]) == 0
    assert main(["init"]) == 0
    out = capsys.readouterr().out
    assert out.count("community user #") == 2
    assert _nulls(cli) == 1
    assert main(["check"]) == 0
    assert "ledger consistent" in capsys.readouterr().out


def test_check_lists_problems_and_fails(
    cli: UnitOfWork, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check"]) == 1
    assert "community_user_missing" in capsys.readouterr().out
    World(cli).community()
    cli.run(lambda s: s.execute(insert(User).values(tid=None, name="Impostor")))
    assert main(["check"]) == 1
    captured = capsys.readouterr()
    assert "community_user_duplicate: 2 users with tid NULL" in captured.out
    assert "1 problem(s) found" in captured.err


def test_users_list_and_show(cli: UnitOfWork, capsys: pytest.CaptureFixture[str]) -> None:
    world = World(cli)
    world.community()
    ada = world.user("Ada", permission=True, balance=250)
    guest = world.user("Guest", internal=False, voucher=ada)
    assert main(["users", "list"]) == 0
    table = capsys.readouterr().out
    assert "Ada (@ada)" in table
    assert f"external (voucher #{ada.id})" in table
    assert main(["users", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["name"] for r in rows] == ["Community", "Ada", "Guest"]
    assert rows[1]["balance"] == 250
    for ref in (str(ada.id), "@ada", f"tid:{ada.tid}"):
        assert main(["users", "show", ref]) == 0
        shown = capsys.readouterr().out
        assert f"id: {ada.id}" in shown
        assert f"vouches for: #{guest.id} Guest" in shown
    assert "balance: 2.50 €" in shown  # euros, as `users list` and the chat show money
    assert "2.50 €" in table
    assert main(["users", "show", "@nobody"]) == 1
    assert capsys.readouterr().err == "communitybot: There is no user @nobody.\n"


def test_user_administration(
    cli: UnitOfWork, capsys: pytest.CaptureFixture[str], snapshot: Callable[[], Snapshot]
) -> None:
    world = World(cli)
    world.community()
    ada = world.user("Ada", balance=1_000)
    guest = world.user("Guest", internal=False, voucher=ada, balance=-300)
    newcomer = world.user("Newcomer", internal=False)
    assert main(["users", "internal", "@newcomer"]) == 0
    assert world.get(newcomer).external is False
    assert main(["users", "grant-vote", "@newcomer"]) == 0
    assert world.get(newcomer).permission is True
    assert main(["users", "revoke-vote", "@newcomer"]) == 0
    assert world.get(newcomer).permission is False
    assert main(["users", "external", "@newcomer"]) == 0
    assert world.get(newcomer).external is True
    capsys.readouterr()
    assert main(["users", "deactivate", str(ada.id)]) == 0
    out = capsys.readouterr().out
    assert f"settled #{guest.id} Guest: -3.00 €" in out
    assert "2 notice(s) of the settlements not sent: no telegram_token is configured." in out
    assert (world.get(ada).active, world.balance(ada), world.balance(guest)) == (False, 700, 0)
    assert main(["users", "activate", str(ada.id)]) == 0
    assert world.get(ada).active is True
    before = snapshot()
    assert main(["users", "grant-vote", "@guest"]) == 1
    assert capsys.readouterr().err == (
        f"communitybot: Guest (#{guest.id}) is an external guest and cannot vote.\n"
    )
    assert main(["users", "internal", "@ada"]) == 1
    assert capsys.readouterr().err == (
        f"communitybot: Ada (#{ada.id}) is a member; only external guests need a voucher.\n"
    )
    assert main(["users", "external", str(world.community().id)]) == 1
    assert capsys.readouterr().err == (
        "communitybot: The community account cannot be made an external guest.\n"
    )
    assert snapshot() == before
    assert svc.check_ledger(cli) == ()


def test_deactivating_a_voucher_tells_through_the_bots_token(
    cli: UnitOfWork, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    world = World(cli)
    world.community()
    ada = world.user("Ada", balance=1_000)
    guest = world.user("Guest", internal=False, voucher=ada, balance=-300)
    assert ada.tid is not None
    assert guest.tid is not None
    svc.set_notice(cli, tid=ada.tid, kind=NoticeKind.VOUCH, enabled=False)
    with FakeBotApi() as api:
        chats = {}
        for user in (ada, guest):
            person = api.add_user(user.name, user_id=user.tid)
            chats[user.id] = api.private_chat(person)
            api.send_text(person, chats[user.id], "/start")  # the bot may write to them
        monkeypatch.setenv("COMMUNITYBOT_TELEGRAM_TOKEN", api.token)
        monkeypatch.setenv("COMMUNITYBOT_TELEGRAM_BASE_URL", api.base_url)
        assert main(["users", "deactivate", str(ada.id)]) == 0
        assert [m.body for m in api.bot_messages(chats[guest.id])] == [
            "🤝 Vouching between you and Ada ended: 3.00 € came to you to settle. Balance: 0.00 €"
        ]
        assert api.bot_messages(chats[ada.id]) == []  # Ada turned vouch notices off
    assert "not sent" not in capsys.readouterr().out
    assert (world.balance(ada), world.balance(guest)) == (700, 0)


def test_export(cli: UnitOfWork, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    world = World(cli)
    world.community()
    ada, bob = world.user("Ada"), world.user("Bob")
    svc.send(
        cli,
        world.rules,
        sender=ada.id,
        receiver=bob.id,
        amount=125,
        reason='a, "b"',
        key=new_key(),
    )
    assert main(["export", "transactions"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["sender"], r["receiver"], r["amount"], r["reason"]) for r in rows] == [
        (str(ada.id), str(bob.id), "125", 'send: a, "b"')
    ]
    target = tmp_path / "users.json"
    assert main(["export", "users", "--format", "json", "--output", str(target)]) == 0
    users = json.loads(target.read_text(encoding="utf-8"))
    assert [u["name"] for u in users] == ["Community", "Ada", "Bob"]
    assert "wrote 3 users" in capsys.readouterr().err
    assert main(["export", "transactions", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["amount"] == 125
