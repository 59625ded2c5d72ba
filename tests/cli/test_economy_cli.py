"""``communitybot economy ...`` against the run's MariaDB database."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from communitybot.cli import main
from communitybot.core.economy import AccountType, Actor, TaxType
from communitybot.core.ids import MemberId
from communitybot.db.uow import UnitOfWork
from communitybot.services.economy import accounts, economies, recurring, taxes, transfers
from tests.services.economy.conftest import NOTE_KEYS, new_key

ADMIN = Actor(MemberId(1))


@pytest.fixture
def cli(
    uow: UnitOfWork, database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> UnitOfWork:
    """Point the CLI at the run's database (and at no config file)."""
    monkeypatch.setenv("COMMUNITYBOT_DATABASE_URL", database_url)
    monkeypatch.setenv("COMMUNITYBOT_CONFIG", str(tmp_path / "absent.toml"))
    monkeypatch.chdir(tmp_path)
    return uow


def test_grant_admin_once(cli: UnitOfWork, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["economy", "grant-admin", "1"]) == 0
    assert "user 1 is administrator" in capsys.readouterr().out
    economy = economies.create_economy(cli, ADMIN, currency_name="credits", currency_unit="cr")
    assert main(["economy", "list"]) == 0
    assert f"{economy.id}\tcredits\tcr" in capsys.readouterr().out
    assert main(["economy", "grant-admin", "2"]) == 1
    assert capsys.readouterr().err == "communitybot: There is an administrator already.\n"


def test_tax_preview_run_tick_check_and_export(
    cli: UnitOfWork, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    main(["economy", "grant-admin", "1"])
    economy = economies.create_economy(cli, ADMIN, currency_name="credits", currency_unit="cr")
    treasury = accounts.open_account(
        cli, ADMIN, economy_id=economy.id, name="treasury", account_type=AccountType.GOVERNMENT
    )
    rich = accounts.open_account(
        cli, ADMIN, economy_id=economy.id, name="rich", owner_id=MemberId(10)
    )
    poor = accounts.open_account(
        cli, ADMIN, economy_id=economy.id, name="poor", owner_id=MemberId(11)
    )
    transfers.print_funds(cli, ADMIN, account_id=rich.id, amount=700_000, idempotency_key=new_key())
    taxes.create_tax_bracket(
        cli,
        ADMIN,
        economy_id=economy.id,
        name="wealth",
        affected_type=AccountType.USER,
        tax_type=TaxType.WEALTH_MARGINAL,
        start=500_000,
        end=None,
        rate=1_000,
        to_account_id=treasury.id,
    )
    capsys.readouterr()
    assert main(["economy", "tax-preview", "--economy", "credits", "--actor", "1"]) == 0
    assert "total 200.00 cr in 1 payments" in capsys.readouterr().out
    assert main(["economy", "tax-preview", "--economy", "credits", "--actor", "10"]) == 1
    assert capsys.readouterr().err == (
        "communitybot: You lack MANAGE_TAX_BRACKETS in this economy, which is needed to manage "
        "taxes.\n"
    )
    args = ["economy", "tax-run", "--economy", str(economy.id), "--actor", "1", "--period", "q1"]
    assert main(args) == 0
    assert main(args) == 0  # the period is taxed once
    out = capsys.readouterr().out
    assert out.count("tax cycle q1 of credits: 200.00 cr in 1 payments") == 2
    recurring.create_recurring_transfer(
        cli,
        Actor(MemberId(10)),
        from_account_id=rich.id,
        to_account_id=poor.id,
        amount=100,
        interval_days=1,
        idempotency_key=new_key(),
    )
    assert main(["economy", "tick"]) == 0
    assert "paid 0, failed 0, finished 0" in capsys.readouterr().out
    assert main(["economy", "check"]) == 0
    assert "economies consistent" in capsys.readouterr().out
    target = tmp_path / "journal.csv"
    assert (
        main(
            [
                "economy",
                "export-journal",
                "--account",
                str(rich.id),
                "--actor",
                "10",
                "--output",
                str(target),
            ]
        )
        == 0
    )
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert [(r["kind"], r["signed_amount"]) for r in rows] == [
        ("MINT", "700000"),
        ("TAX", "-20000"),
    ]
    assert main(["economy", "export-journal", "--account", str(rich.id), "--actor", "11"]) == 1
    refusal = capsys.readouterr().err
    assert refusal.startswith("communitybot: You lack VIEW_BALANCE on ")
    assert "(" not in refusal


def test_check_reports_a_broken_economy(
    cli: UnitOfWork, capsys: pytest.CaptureFixture[str]
) -> None:
    from sqlalchemy import update

    from communitybot.db.models.economy import AccountRow

    main(["economy", "grant-admin", "1"])
    economy = economies.create_economy(cli, ADMIN, currency_name="credits", currency_unit="cr")
    account = accounts.open_account(cli, ADMIN, economy_id=economy.id, name="a")
    cli.run(
        lambda s: s.execute(update(AccountRow).where(AccountRow.id == account.id).values(balance=5))
    )
    capsys.readouterr()
    assert main(["economy", "check", "--economy", "credits"]) == 1
    out = capsys.readouterr()
    assert "supply_mismatch" in out.out
    assert f"balance_mismatch: account {account.id} holds 5, journal 0" in out.out
    assert "2 problem(s) found" in out.err


def test_check_finds_bad_amounts_and_balances_beyond_the_bound(
    cli: UnitOfWork, capsys: pytest.CaptureFixture[str]
) -> None:
    from datetime import UTC, datetime

    from sqlalchemy import insert, update

    from communitybot.core.economy import BALANCE_LIMIT, EntryKind
    from communitybot.db.models.economy import AccountRow, JournalRow

    main(["economy", "grant-admin", "1"])
    economy = economies.create_economy(cli, ADMIN, currency_name="credits", currency_unit="cr")
    account = accounts.open_account(cli, ADMIN, economy_id=economy.id, name="a")
    too_much = BALANCE_LIMIT + 1

    def damage(session: Session) -> None:
        session.execute(
            insert(JournalRow).values(
                economy_id=economy.id,
                kind=EntryKind.TRANSFER,
                from_account_id=economy.issuance_account_id,
                to_account_id=account.id,
                amount=0,
                created_at=datetime.now(UTC),
            )
        )
        session.execute(
            update(AccountRow).where(AccountRow.id == account.id).values(balance=too_much)
        )

    cli.run(damage)
    capsys.readouterr()
    assert main(["economy", "check", "--economy", "credits"]) == 1
    out = capsys.readouterr().out
    assert f"balance_mismatch: account {account.id} holds {too_much}, journal 0" in out
    assert f"balance_out_of_range: account {account.id} holds {too_much}" in out
    assert "bad_amount: journal row " in out
    assert "has amount 0" in out


def test_recover_exchanges_and_expire_notes(
    cli: UnitOfWork, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import UTC, datetime, timedelta

    from communitybot.core.clock import ManualClock
    from communitybot.core.economy import GroupKind, NoteState
    from communitybot.services.economy import exchange, groups, notes

    main(["economy", "grant-admin", "1"])
    credits = economies.create_economy(cli, ADMIN, currency_name="credits", currency_unit="cr")
    gems = economies.create_economy(cli, ADMIN, currency_name="gems", currency_unit="gm")
    group = groups.create_group(cli, ADMIN, kind=GroupKind.LOCAL, name="realm")
    for economy in (credits, gems):
        groups.add_currency(cli, ADMIN, group_id=group.id, economy_id=economy.id)
    groups.set_exchange_rate(
        cli, ADMIN, from_economy_id=credits.id, to_economy_id=gems.id, numerator=2, denominator=1
    )
    alice = Actor(MemberId(10))
    source = accounts.open_account(cli, alice, economy_id=credits.id, name="alice")
    target = accounts.open_account(cli, alice, economy_id=gems.id, name="alice")
    transfers.print_funds(cli, ADMIN, account_id=source.id, amount=1_000, idempotency_key=new_key())

    def crash(*_args: object, **_kwargs: object) -> object:
        raise RuntimeError

    with monkeypatch.context() as patch:
        patch.setattr(exchange, "_credit", crash)
        with pytest.raises(RuntimeError):
            exchange.exchange(
                cli,
                alice,
                from_account_id=source.id,
                to_account_id=target.id,
                amount=100,
                idempotency_key=new_key(),
            )
    capsys.readouterr()
    assert main(["economy", "recover-exchanges"]) == 0  # younger than the grace period
    assert "completed 0, reversed 0, stuck 0" in capsys.readouterr().out
    assert main(["economy", "recover-exchanges", "--older-than", "0"]) == 0
    assert "completed 1, reversed 0, stuck 0" in capsys.readouterr().out
    assert accounts.get_account(cli, alice, account_id=target.id).balance == 200

    past = ManualClock(datetime(2000, 1, 1, tzinfo=UTC))
    issued = notes.issue_note(
        cli,
        alice,
        account_id=source.id,
        amount=300,
        recipient_id=MemberId(11),
        keyring=NOTE_KEYS,
        idempotency_key=new_key(),
        expires_at=past.now() + timedelta(days=1),
        clock=past,
    )
    assert main(["economy", "check"]) == 0
    assert main(["economy", "expire-notes"]) == 0
    assert "expired 1, failed 0" in capsys.readouterr().out
    stored = notes.get_note(cli, alice, note_id=issued.note.id)
    assert stored.state is NoteState.EXPIRED
    assert accounts.get_account(cli, alice, account_id=source.id).balance == 900
    assert main(["economy", "check"]) == 0
