"""The cash box, undo and reversal end to end (issue 12, points 1 and 2): the real bot over HTTP
against the fake Bot API, the data in MariaDB; every refusal changes no row."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Engine, text

from communitybot.services import community as services
from tests.conftest import Snapshot
from tests.telegram.conftest import World

CASHBOX_USAGE = (
    "Usage: /cashbox [count amount [reason] | confirm id | reject id]\n"
    "Example: /cashbox count 123.40 after the party"
)


def _journal(engine: Engine) -> list[tuple[int, int, int, str]]:
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT sender, receiver, amount, reason FROM transactions ORDER BY id")
        )
        return [(int(r[0]), int(r[1]), int(r[2]), str(r[3])) for r in rows]


def _last_id(engine: Engine, table: str = "transactions") -> int:
    with engine.connect() as connection:
        return int(connection.execute(text(f"SELECT MAX(id) FROM {table}")).scalar_one())


def _box(world: World) -> int:
    box = services.find_cash_box(world.uow)
    assert box is not None
    return int(box)


@pytest.fixture
def treasury(world: World) -> World:
    """Alice (treasurer), Bob, Carol (German) and Dave are members; Bob has a private chat."""
    world.register(world.alice, world.bob, world.carol, world.dave)
    world.session.say(world.bob, world.private(world.bob), "/start")
    alice = world.db_user(world.alice)
    assert services.grant_role(world.uow, user=alice.id, role="treasurer")
    return world


def test_a_members_deposit_waits_for_the_treasurer_who_confirms_it(
    treasury: World, engine: Engine, snapshot: Callable[[], Snapshot]
) -> None:
    world, session = treasury, treasury.session
    session.say(world.alice, world.private(world.alice), "/start")
    waiting = session.say(world.bob, world.group, "/deposit 20 paid my tab")
    d = _last_id(engine, "cash_deposits")
    assert waiting.texts == [
        f"Deposit #{d} of 20.00 € recorded. It waits for a treasurer to confirm that the cash "
        "is in the box; your balance changes then.",
        f"Bob recorded deposit #{d} of 20.00 € into the cash box. Once the cash is there: "
        f"/cashbox confirm {d} (or /cashbox reject {d}).",
    ]
    assert waiting.last.chat.id == world.alice.id
    assert world.balance(world.bob) == 0
    assert _journal(engine) == []

    assert session.say(world.dave, world.group, "/cashbox").texts == [
        "The cash box should hold 0.00 €."
    ]
    shown = session.say(world.alice, world.group, "/cashbox")
    assert shown.texts == [
        "The cash box should hold 0.00 €.\n"
        "Deposits waiting for a treasurer:\n"
        f"#{d} Bob: 20.00 € for “paid my tab”\n"
        "/cashbox confirm id books one, /cashbox reject id turns it down."
    ]

    before = snapshot()
    refused = session.say(world.dave, world.group, f"/cashbox confirm {d}")
    assert refused.texts == [
        "You may not manage the cash box; the treasurers or the administrator decide who may."
    ]
    assert snapshot() == before

    confirmed = session.say(world.alice, world.group, f"/cashbox confirm {d}")
    assert confirmed.texts == [
        f"Deposit #{d} of 20.00 € for Bob confirmed.",
        f"Your deposit #{d} of 20.00 € was confirmed. Your balance: 20.00 €.",
    ]
    assert confirmed.last.chat.id == world.bob.id
    assert world.balance(world.bob) == 2000
    assert _journal(engine) == [
        (_box(world), world.db_user(world.bob).id, 2000, "deposit: paid my tab")
    ]
    assert session.say(world.dave, world.group, "/cashbox").texts == [
        "The cash box should hold 20.00 €."
    ]

    before = snapshot()
    again = session.say(world.alice, world.group, f"/cashbox reject {d}")
    assert again.texts == [f"Deposit #{d} was confirmed already."]
    assert snapshot() == before
    # the same confirm delivered again after a restart changes nothing and tells nobody twice
    session.restart()
    replayed = session.replay(confirmed.update_id)
    assert replayed.texts == [
        f"Deposit #{d} of 20.00 € for Bob confirmed.\n(already done before; nothing happened twice)"
    ]
    assert snapshot() == before


def test_a_treasurer_records_for_a_member_who_is_told_in_private(
    treasury: World, engine: Engine
) -> None:
    world, session = treasury, treasury.session
    booked = session.say(world.alice, world.group, "/deposit 15 @bob")
    assert booked.texts == [
        "Deposit of 15.00 € for Bob booked.\nThe cash box should now hold 15.00 €.",
        "Alice Liddell recorded your deposit of 15.00 € into the cash box. Your balance: 15.00 €.",
    ]
    assert booked.last.chat.id == world.bob.id
    out = session.say(world.bob, world.group, "/withdraw 5 tape")
    assert out.texts == [
        "Withdrawal of 5.00 € booked. Your balance: 10.00 €.\nThe cash box should now hold 10.00 €."
    ]
    german = session.say(world.carol, world.group, "/withdraw 3")
    assert german.texts == [
        "Entnahme über 3,00 € gebucht. Dein Guthaben: -3,00 €.\n"
        "In der Kasse sollten jetzt 7,00 € sein."
    ]


@pytest.mark.parametrize(
    ("who", "command", "expected"),
    [
        (
            "dave",
            "/withdraw 8",
            "The cash box should hold only 0.00 €, so 8.00 € cannot be taken out of it.",
        ),
        (
            "dave",
            "/deposit 5 @bob",
            "You may not manage the cash box; the treasurers or the administrator decide who may.",
        ),
        (
            "dave",
            "/deposit",
            "Usage: /deposit amount [@user] [reason]\nExample: /deposit 20 paid off my tab",
        ),
        (
            "dave",
            "/deposit 0",
            "“0” is not an amount: it is zero. Accepted: 5, 5.5, 5,50, 5€, €5 or 5.00 EUR "
            "(at most two decimals, more than zero).",
        ),
        ("dave", "/deposit 101", "101.00 € is more than the maximum of 100.00 € per operation."),
        (
            "dave",
            "/deposit 5 @nobody",
            "I don't know @nobody. They have to send /start to me first.",
        ),
        (
            "alice",
            "/cashbox confirm x",
            "Name the deposit by its number, e.g. /cashbox confirm 12.",
        ),
        (
            "alice",
            "/cashbox confirm ٣",
            "“٣” is not a number I can read: please write it with the digits 0-9.",
        ),
        ("alice", "/cashbox confirm 999999", "There is no deposit #999999."),
        (
            "alice",
            "/cashbox count",
            CASHBOX_USAGE,
        ),
        (
            "dave",
            "/cashbox count 10",
            "You may not manage the cash box; the treasurers or the administrator decide who may.",
        ),
        (
            "dave",
            "/cashbox open",
            CASHBOX_USAGE,
        ),
    ],
)
def test_bad_cash_commands_change_nothing(
    treasury: World, snapshot: Callable[[], Snapshot], who: str, command: str, expected: str
) -> None:
    before = snapshot()
    user = getattr(treasury, who)
    assert treasury.session.say(user, treasury.group, command).texts == [expected]
    assert snapshot() == before


def test_a_count_books_the_difference_with_its_reason(treasury: World, engine: Engine) -> None:
    world, session = treasury, treasury.session
    session.say(world.alice, world.group, "/deposit 130 @bob")
    less = session.say(world.alice, world.group, "/cashbox count 123,40 coins missing")
    [row] = _journal(engine)[-1:]
    tx = _last_id(engine)
    assert less.texts == [
        f"Counted 123.40 €, expected 130.00 €: 6.60 € missing, booked as transaction #{tx}."
    ]
    assert row[2:] == (660, "cashbox: counted 123.40, expected 130.00: coins missing")
    assert session.say(world.alice, world.group, "/cashbox count 123.40").texts == [
        "Counted 123.40 €: exactly what the cash box should hold."
    ]
    assert (
        session.say(world.alice, world.group, "/cashbox count 0")
        .texts[0]
        .startswith("Counted 0.00 €, expected 123.40 €: 123.40 € missing")
    )


def test_undo_takes_back_the_last_send_for_both_parties(
    treasury: World, engine: Engine, snapshot: Callable[[], Snapshot]
) -> None:
    world, session = treasury, treasury.session
    summary = session.say(world.dave, world.group, "/send 4 @bob oops")
    session.press(world.dave, summary.last, "✅ Confirm")
    sent = _last_id(engine)
    undone = session.say(world.dave, world.group, "/undo")
    back = _last_id(engine)
    assert undone.texts == [
        f"Undone: transaction #{sent}. 4.00 € went back from Bob to Dave (transaction #{back}). "
        "Your balance: 0.00 €.",
        f"Dave reversed transaction #{sent}: 4.00 € went back from Bob to Dave "
        f"(transaction #{back}).",
    ]
    assert undone.last.chat.id == world.bob.id
    assert (world.balance(world.dave), world.balance(world.bob)) == (0, 0)
    for user in (world.dave, world.bob):
        shown = session.say(user, world.private(user), "/history").text
        assert f"reversal: #{sent} send: oops" in shown

    before = snapshot()
    twice = session.say(world.dave, world.group, "/undo")
    assert twice.texts == [f"Transaction #{sent} was reversed already (transaction #{back})."]
    assert snapshot() == before
    session.restart()
    replayed = session.replay(undone.update_id)
    assert replayed.texts == [
        f"Undone: transaction #{sent}. 4.00 € went back from Bob to Dave (transaction #{back}). "
        "Your balance: 0.00 €.\n(already done before; nothing happened twice)"
    ]
    assert snapshot() == before


def test_undo_refusals_change_nothing(
    treasury: World, engine: Engine, snapshot: Callable[[], Snapshot]
) -> None:
    world, session = treasury, treasury.session
    before = snapshot()
    assert session.say(world.dave, world.group, "/undo").texts == [
        "You have sent nothing I could undo."
    ]
    assert session.say(world.dave, world.group, "/undo now").texts == [
        "Usage: /undo\nExample: /undo"
    ]
    assert snapshot() == before
    summary = session.say(world.dave, world.group, "/send 4 @bob")
    session.press(world.dave, summary.last, "✅ Confirm")
    sent = _last_id(engine)
    with engine.begin() as connection:  # as if it had been sent ten minutes ago
        connection.execute(
            text("UPDATE transactions SET registered = registered - INTERVAL 10 MINUTE")
        )
    before = snapshot()
    assert session.say(world.dave, world.group, "/undo").texts == [
        f"Transaction #{sent} is older than 5 minutes, so you can no longer undo it; a treasurer "
        "can reverse it."
    ]
    assert session.say(world.carol, world.group, f"/reverse {sent}").texts == [
        "Du darfst nicht Buchungen stornieren; wer das darf, entscheiden die Kassenwarte oder die "
        "Administration."
    ]
    for bad, answer in (
        ("/reverse", "Usage: /reverse transaction-id\nExample: /reverse 1234"),
        ("/reverse x", "Name the transaction by its number, e.g. /reverse 1234."),
        ("/reverse 999999", "There is no transaction #999999."),
    ):
        assert session.say(world.alice, world.group, bad).texts == [answer]
    assert snapshot() == before
    reversed_ = session.say(world.alice, world.group, f"/reverse #{sent}")
    back = _last_id(engine)
    assert reversed_.texts == [
        f"Reversed transaction #{sent}: 4.00 € went back from Bob to Dave (transaction #{back}).",
        f"Alice Liddell reversed transaction #{sent}: 4.00 € went back from Bob to Dave "
        f"(transaction #{back}).",
    ]
    assert (world.balance(world.dave), world.balance(world.bob)) == (0, 0)


def test_help_lists_the_cash_commands_and_explains_reverse(world: World) -> None:
    listing = world.session.say(world.eve, world.group, "/help").text
    for line in (
        "/deposit: record cash you put into the cash box",
        "/withdraw: record cash you took out of the cash box",
        "/cashbox: what the cash box should hold; treasurers: count, confirm, reject",
        "/undo: undo your last transfer or purchase, soon after you made it",
    ):
        assert line in listing
    assert "/reverse" not in listing
    assert world.session.say(world.eve, world.group, "/help reverse").texts == [
        "/reverse: reverse any transaction (treasurers)\n"
        "Usage: /reverse transaction-id\nExample: /reverse 1234"
    ]
    german = world.session.say(world.carol, world.group, "/help undo").text
    assert german.startswith("/undo: deine letzte Überweisung oder deinen letzten Kauf")


def test_reversing_a_deposit_the_box_no_longer_holds_is_refused(
    treasury: World, engine: Engine, snapshot: Callable[[], Snapshot]
) -> None:
    world, session = treasury, treasury.session
    session.say(world.alice, world.group, "/deposit 20 @bob")
    deposit = _last_id(engine)
    session.say(world.bob, world.group, "/withdraw 15")
    before = snapshot()
    refused = session.say(world.alice, world.group, f"/reverse {deposit}")
    assert refused.texts == [
        "The cash box should hold only 5.00 €, so 20.00 € cannot be taken out of it."
    ]
    assert snapshot() == before
    assert (
        session.say(world.alice, world.group, "/cashbox")
        .texts[0]
        .startswith("The cash box should hold 5.00 €.")
    )
