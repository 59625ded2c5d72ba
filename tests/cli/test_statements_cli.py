"""``communitybot statements``: every member's statement of a month as CSV, on MariaDB."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from communitybot.cli import main
from communitybot.db.uow import UnitOfWork
from communitybot.services import community as svc
from tests.support.community import World, make_treasurer, new_key, tid_of


@pytest.fixture
def cli(
    uow: UnitOfWork, database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> UnitOfWork:
    """Point the CLI at the run's database, with months cut in Berlin."""
    monkeypatch.setenv("COMMUNITYBOT_DATABASE_URL", database_url)
    monkeypatch.setenv("COMMUNITYBOT_CONFIG", str(tmp_path / "absent.toml"))
    monkeypatch.setenv("COMMUNITYBOT_COMMUNITY__TIME_ZONE", "Europe/Berlin")
    monkeypatch.chdir(tmp_path)
    return uow


def _november(cli: UnitOfWork) -> tuple[World, list[int]]:
    """Alice sends Bob 4.50 € and Bob sends Carol 1.00 € in November 2026 (Berlin)."""
    world = World(cli)
    world.community()
    alice, bob, carol = world.user("Alice"), world.user("Bob"), world.user("=Carol")
    ids = []
    for sender, receiver, amount in ((alice, bob, 450), (bob, carol, 100)):
        receipt = svc.send(
            cli,
            world.rules,
            sender=sender.id,
            receiver=receiver.id,
            amount=amount,
            reason="pizza",
            key=new_key(),
        )
        ids.append(int(receipt.transaction_id))
    moment = int(datetime(2026, 11, 10, 18, tzinfo=UTC).timestamp())
    cli.run(
        lambda s: s.execute(
            text("UPDATE transactions SET registered = FROM_UNIXTIME(:t)"), {"t": moment}
        )
    )
    return world, ids


def test_statements_are_written_one_file_per_member(
    cli: UnitOfWork, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _november(cli)
    assert main(["statements", "--month", "2026-11", "--dir", str(tmp_path / "out")]) == 0
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert len(files) == 3
    assert all(name.startswith("statement-2026-11-") for name in files)
    assert "wrote 3 statements for 2026-11" in capsys.readouterr().err
    rows = [
        row
        for name in files
        for row in csv.DictReader(io.StringIO((tmp_path / "out" / name).read_text()))
    ]
    bob = [r for r in rows if r["member"] == "Bob"]
    assert [(r["row"], r["amount"], r["balance"]) for r in bob] == [
        ("opening", "", "0.00"),
        ("movement", "4.50", "4.50"),
        ("movement", "-1.00", "3.50"),
        ("closing", "3.50", "3.50"),
    ]
    assert bob[1]["registered"] == "2026-11-10T19:00:00+01:00"
    assert bob[1]["counterpart"] == "Alice"
    assert bob[2]["counterpart"] == "'=Carol"
    assert bob[0]["registered"] == "2026-11-01T00:00:00+01:00"


def test_statements_in_one_file_or_on_stdout(
    cli: UnitOfWork, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _november(cli)
    assert main(["statements", "--month", "2026-11", "--file", "-"]) == 0
    out = capsys.readouterr().out
    rows = list(csv.DictReader(io.StringIO(out)))
    assert sorted({r["member"] for r in rows}) == ["'=Carol", "Alice", "Bob"]
    assert main(["statements", "--month", "2026-11", "--file", str(tmp_path / "all.csv")]) == 0
    assert (tmp_path / "all.csv").read_text() == out
    assert main(["statements", "--month", "2026-12", "--file", "-"]) == 0
    december = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    # nothing moved in December: every member's statement is its opening balance carried over
    assert {(r["member"], r["row"], r["balance"]) for r in december if r["member"] == "Alice"} == {
        ("Alice", "opening", "-4.50"),
        ("Alice", "closing", "-4.50"),
    }


def test_a_bad_month_is_a_usage_error(cli: UnitOfWork, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["statements", "--month", "２０２６-１１"])
    assert caught.value.code == 2
    assert "is no month: write it like 2026-11" in capsys.readouterr().err


def test_the_cash_box_has_its_own_statement(
    cli: UnitOfWork, capsys: pytest.CaptureFixture[str]
) -> None:
    world = World(cli)
    world.community()
    alice, tess = world.user("Alice"), make_treasurer(world)
    svc.deposit(cli, world.rules, tid=tid_of(tess), member=alice.id, amount=2000, key=new_key())
    month = datetime.now(ZoneInfo("Europe/Berlin")).strftime("%Y-%m")
    assert main(["statements", "--month", month, "--file", "-"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    box = [
        (r["row"], r["counterpart"], r["amount"], r["balance"])
        for r in rows
        if r["member"] == "Cash box"
    ]
    # the box's balance is the cash it should hold, negated (docs/admin.md, the cash box)
    assert box == [
        ("opening", "", "", "0.00"),
        ("movement", "Alice", "-20.00", "-20.00"),
        ("closing", "", "-20.00", "-20.00"),
    ]
    mine = [(r["row"], r["counterpart"], r["amount"]) for r in rows if r["member"] == "Alice"]
    assert mine[1] == ("movement", "Cash box", "20.00")
