"""``communitybot economy application|key ...`` and ``communitybot audit list|export`` against the
run's MariaDB database."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from communitybot.cli import main
from communitybot.core.economy import AccountType, Actor
from communitybot.core.ids import MemberId
from communitybot.db.uow import UnitOfWork
from communitybot.services.economy import accounts, economies, keys, permissions
from tests.cli.test_economy_cli import cli  # noqa: F401 - the fixture
from tests.conftest import Snapshot

ADMIN = Actor(MemberId(1))
ALICE = Actor(MemberId(10))


@pytest.fixture
def shop(cli: UnitOfWork) -> int:  # noqa: F811 - the fixture
    """An administrator, an economy ``credits`` and a shop account owned by Alice."""
    permissions.grant_first_administrator(cli, user_id=ADMIN.user_id)
    economy = economies.create_economy(cli, ADMIN, currency_name="credits", currency_unit="cr")
    shop = accounts.open_account(
        cli,
        ADMIN,
        economy_id=economy.id,
        name="shop",
        account_type=AccountType.GOVERNMENT,
        owner_id=ALICE.user_id,
    )
    permissions.set_permissions(
        cli,
        ADMIN,
        subject=permissions.Subject.user(ALICE.user_id),
        permissions=[permissions.Permission.LOGIN_AS_ACCOUNT],
        account_id=shop.id,
    )
    return shop.id


def out(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """Run the CLI; its standard output (it must succeed)."""
    capsys.readouterr()
    assert main(list(args)) == 0, capsys.readouterr().err
    return capsys.readouterr().out


def test_applications_and_keys_from_the_shell(
    cli: UnitOfWork,  # noqa: F811 - the fixture
    shop: int,
    capsys: pytest.CaptureFixture[str],
) -> None:
    made = out(
        capsys, "economy", "application", "create", "--economy", "credits", "--actor", "10", "till"
    )
    assert made.startswith("application ")
    assert made.endswith(" (till) created\n")
    app_id = int(made.split()[1])
    assert out(capsys, "economy", "application", "list", "--actor", "10") == (
        f"{app_id}\t{economies.find_economy_by_name(cli, currency_name='credits').id}\ttill\n"
    )
    issued = out(
        capsys,
        "economy",
        "key",
        "issue",
        "--actor",
        "10",
        "--application",
        str(app_id),
        "--account",
        str(shop),
        "--spending-limit",
        "500",
    ).splitlines()
    key_id = int(issued[0].split("\t")[0])
    assert issued[0] == f"{key_id}\t{app_id}\tgrant\t{shop}\t500\t0\tdisabled"
    token = issued[1].rsplit(" ", 1)[1]
    assert issued[1] == f"token (shown only now, keep it secret): {token}"
    assert token.startswith(f"{key_id}.")
    line = out(capsys, "economy", "key", "activate", "--actor", "10", str(key_id))
    assert line.endswith("\tdisabled\n")
    assert out(capsys, "economy", "key", "enable", "--actor", "10", str(key_id)).endswith(
        "\tusable\n"
    )
    assert keys.authenticate(cli, token).key_id == key_id
    assert out(capsys, "economy", "key", "disable", "--actor", "10", str(key_id)).endswith(
        "\tdisabled\n"
    )
    listed = out(capsys, "economy", "key", "list", "--actor", "10", "--application", str(app_id))
    assert listed == f"{key_id}\t{app_id}\tgrant\t{shop}\t500\t0\tdisabled\n"
    assert token not in listed
    out(capsys, "economy", "key", "delete", "--actor", "10", str(key_id))
    assert (
        out(capsys, "economy", "key", "list", "--actor", "10", "--application", str(app_id)) == ""
    )
    assert out(capsys, "economy", "application", "delete", "--actor", "10", str(app_id)) == (
        f"application {app_id} and its keys deleted\n"
    )
    assert out(capsys, "economy", "application", "list", "--actor", "10") == ""


def test_a_stranger_may_not_touch_someone_elses_keys(
    cli: UnitOfWork,  # noqa: F811 - the fixture
    shop: int,
    capsys: pytest.CaptureFixture[str],
    snapshot: Callable[[], Snapshot],
) -> None:
    made = out(
        capsys, "economy", "application", "create", "--economy", "credits", "--actor", "10", "till"
    )
    app_id = made.split()[1]
    before = snapshot()
    for args in (
        ["economy", "key", "issue", "--actor", "11", "--application", app_id, "--type", "master"],
        ["economy", "application", "delete", "--actor", "11", app_id],
    ):
        assert main(args) == 1
        assert "MANAGE_PERMISSIONS" in capsys.readouterr().err
    spend = ["--spending-limit", "٣"]
    with pytest.raises(SystemExit, match="2"):
        main(["economy", "key", "issue", "--actor", "10", "--application", app_id, *spend])
    assert "digits 0-9" in capsys.readouterr().err
    assert snapshot() == before


def test_the_audit_lists_and_exports_with_filters(
    cli: UnitOfWork,  # noqa: F811 - the fixture
    shop: int,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    out(capsys, "economy", "application", "create", "--economy", "credits", "--actor", "10", "t")
    lines = out(capsys, "audit", "list").splitlines()
    kinds = [line.split("\t")[3] for line in lines]
    assert kinds == [
        "application.create",
        "permission.grant",
        "account.open",
        "economy.create",
        "permission.first_admin",
    ]
    assert lines[0].split("\t")[2] == "user:10"
    granted = out(capsys, "audit", "list", "--kind", "permission.grant", "--json")
    entry = json.loads(granted)
    assert entry["target"] == "user:10"
    assert entry["before"] == {"scope": f"account:{shop}", "LOGIN_AS_ACCOUNT": None}
    assert entry["after"] == {"scope": f"account:{shop}", "LOGIN_AS_ACCOUNT": "granted"}
    area = out(capsys, "audit", "list", "--kind", "permission").splitlines()
    assert len(area) == 2
    assert out(capsys, "audit", "list", "--actor", "user:10").count("\n") == 1
    paged = out(capsys, "audit", "list", "--limit", "2").splitlines()
    assert len(paged) == 3
    assert paged[2].startswith("more: --before ")
    rest = out(capsys, "audit", "list", "--limit", "2", "--before", paged[2].split()[-1])
    assert [line.split("\t")[3] for line in rest.splitlines()[:2]] == [
        "account.open",
        "economy.create",
    ]
    target = tmp_path / "audit.csv"
    assert out(capsys, "audit", "export", "--output", str(target)) == (
        f"5 audit entries written to {target}\n"
    )
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert [r["kind"] for r in rows][-1] == "permission.first_admin"
    assert json.loads(rows[2]["after"])["name"] == "shop"
    exported = json.loads(out(capsys, "audit", "export", "--format", "json", "--kind", "economy"))
    assert [e["kind"] for e in exported] == ["economy.create"]
    assert exported[0]["after"] == {
        "currency_name": "credits",
        "currency_unit": "cr",
        "owner_guild": None,
    }
    with pytest.raises(SystemExit, match="2"):
        main(["audit", "list", "--since", "2026-01-01T00:00"])
    assert "needs a time zone" in capsys.readouterr().err
    assert (
        main(
            [
                "audit",
                "list",
                "--since",
                "2030-01-01T00:00+00:00",
                "--until",
                "2029-01-01T00:00+00:00",
            ]
        )
        == 1
    )
    assert capsys.readouterr().err == (
        "communitybot: That audit filter cannot be used: “until” must come after the start.\n"
    )
    assert main(["audit", "list", "--limit", "501"]) == 1
    assert "“limit” is out of range" in capsys.readouterr().err
