"""/send with Confirm and Abort, its refusals, and repeated presses and updates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import Engine, text

from communitybot.core.clock import ManualClock
from communitybot.devtools import BotCall, Injected
from communitybot.services import community as services
from tests.conftest import Snapshot
from tests.telegram.conftest import World


def _journal(engine: Engine) -> list[tuple[int, int, int, str]]:
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT sender, receiver, amount, reason FROM transactions ORDER BY id")
        )
        return [(int(r[0]), int(r[1]), int(r[2]), str(r[3])) for r in rows]


def test_send_confirmed_by_the_sender_moves_money_once(world: World, engine: Engine) -> None:
    world.register(world.alice, world.bob)
    world.session.say(world.bob, world.private(world.bob), "/start")
    session = world.session
    summary = session.say(world.alice, world.group, "/send 4,50 @bob pizza & beer")
    assert summary.texts == [
        "Send 4.50 € from Alice Liddell to Bob for “pizza & beer”?\nOnly Alice Liddell can confirm."
    ]
    assert [b.text for b in summary.last.buttons] == ["✅ Confirm", "❌ Abort"]
    assert all(len((b.callback_data or "").encode()) <= 64 for b in summary.last.buttons)
    assert world.balance(world.alice) == 0

    confirmed = session.press(world.alice, summary.last, "✅ Confirm")
    assert confirmed.answer is not None
    assert confirmed.answer.answer_text == "Your balance: -4.50 €"
    shown = session.api.message(world.group.id, summary.last.message_id)
    assert shown.body == "✅ Alice Liddell sent 4.50 € to Bob for “pizza & beer”."
    assert shown.buttons == ()
    assert confirmed.texts == [
        "💶 You received 4.50 € from Alice Liddell for “pizza & beer”. Balance: 4.50 €"
    ]
    assert confirmed.last.chat.id == world.bob.id
    alice, bob = world.db_user(world.alice), world.db_user(world.bob)
    assert (alice.balance, bob.balance) == (-450, 450)
    assert _journal(engine) == [(alice.id, bob.id, 450, "send: pizza & beer")]

    # Confirm again (a stale button): the pending transfer is the Confirm's record, so the
    # press answers with the first transfer; nothing moves, Bob is not told twice.
    again = session.press_data(
        world.alice, summary.last, summary.last.buttons[0].callback_data or ""
    )
    assert again.answer is not None
    assert again.answer.answer_text == "Your balance: -4.50 €"
    assert again.sent == ()
    shown = session.api.message(world.group.id, summary.last.message_id)
    assert shown.body == (
        "✅ Alice Liddell sent 4.50 € to Bob for “pizza & beer”.\n"
        "(already done before; nothing happened twice)"
    )
    assert _journal(engine) == [(alice.id, bob.id, 450, "send: pizza & beer")]
    assert (world.db_user(world.alice).balance, world.db_user(world.bob).balance) == (-450, 450)


def test_send_by_reply_and_without_reason(world: World) -> None:
    world.register(world.alice, world.bob)
    hello = world.session.say(world.bob, world.group, "hi all")
    summary = world.session.say(
        world.alice, world.group, "/send 2 for the bus", reply_to=hello.message
    )
    assert summary.texts[0].startswith("Send 2.00 € from Alice Liddell to Bob for “for the bus”?")
    world.session.press(world.alice, summary.last, 0)
    assert world.balance(world.bob) == 200

    plain = world.session.say(world.alice, world.group, "/send 1 @bob")
    assert plain.texts[0].startswith("Send 1.00 € from Alice Liddell to Bob?")


def _pending(engine: Engine) -> list[tuple[int, int, int]]:
    """The transfers waiting for Confirm: amount and the chat and message that show each (a
    confirmed one stays, as the Confirm's record, until it expires)."""
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT amount, chat_id, msg_id FROM pending_sends"
                " WHERE transaction_id IS NULL ORDER BY created, msg_id"
            )
        )
        return [(int(r[0]), int(r[1]), int(r[2])) for r in rows]


def _without_pending(taken: Snapshot) -> Snapshot:
    """Every table but ``pending_sends`` (a finished confirmation leaves it)."""
    return {name: rows for name, rows in taken.items() if name != "pending_sends"}


def test_abort_moves_nothing(
    world: World, snapshot: Callable[[], Snapshot], engine: Engine
) -> None:
    world.register(world.alice, world.bob)
    summary = world.session.say(world.alice, world.group, "/send 3 @bob")
    assert _pending(engine) == [(300, world.group.id, summary.last.message_id)]
    before = snapshot()
    aborted = world.session.press(world.alice, summary.last, "❌ Abort")
    assert _without_pending(snapshot()) == _without_pending(before)
    assert _pending(engine) == []
    assert aborted.answer is not None
    assert aborted.answer.answered
    message = world.session.api.message(world.group.id, summary.last.message_id)
    assert message.body == "❌ Aborted: no money was sent."
    assert message.buttons == ()


def test_only_the_sender_can_confirm_or_abort(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    world.register(world.alice, world.bob)
    summary = world.session.say(world.alice, world.group, "/send 3 @bob")
    before = snapshot()
    for button in ("✅ Confirm", "❌ Abort"):
        pressed = world.session.press(world.bob, summary.last, button)
        assert pressed.answer is not None
        assert pressed.answer.answer_text == "Only Alice Liddell can press this."
        assert pressed.answer.show_alert is True
    assert snapshot() == before
    assert world.session.api.message(world.group.id, summary.last.message_id).buttons != ()


@pytest.mark.parametrize(
    ("command", "reply"),
    [
        ("/send abc @bob", "“abc” is not an amount: it is not a number."),
        ("/send 0 @bob", "“0” is not an amount: it is zero."),
        ("/send -5 @bob", "“-5” is not an amount: it is negative."),
        ("/send 1.234 @bob", "“1.234” is not an amount: it has more than two decimals."),
        ("/send 1e3 @bob", "“1e3” is not an amount: exponents are not allowed."),
        ("/send 100.01 @bob", "100.01 € is more than the maximum of 100.00 € per operation."),
        ("/send 5 @alice", "You cannot send money to yourself."),
        ("/send 5 @nobody", "I don't know @nobody. They have to send /start to me first."),
        ("/send 5", "Name the receiver by @username or reply to their message."),
        ("/send", "Usage: /send amount @user [reason]\nExample: /send 4.50 @bob pizza"),
        ("/send 5 @dave", "Dave is an external guest and cannot receive money."),
    ],
)
def test_refused_sends_change_nothing(
    world: World, snapshot: Callable[[], Snapshot], command: str, reply: str
) -> None:
    world.register(world.alice, world.bob)
    world.register(world.dave, chat=world.private(world.dave))
    before = snapshot()
    exchange = world.session.say(world.alice, world.group, command)
    assert exchange.texts[0].startswith(reply), exchange.texts
    assert exchange.last.buttons == ()
    assert snapshot() == before


def test_debt_limit_is_checked_again_at_confirm(
    world: World, snapshot: Callable[[], Snapshot], engine: Engine
) -> None:
    world.register(world.alice, world.bob, world.carol)
    first = world.session.say(world.alice, world.group, "/send 40 @bob")
    second = world.session.say(world.alice, world.group, "/send 40 @carol")
    world.session.press(world.alice, first.last, 0)
    before = snapshot()
    refused = world.session.press(world.alice, second.last, 0)
    assert _without_pending(snapshot()) == _without_pending(before)
    assert _pending(engine) == []  # the summary says "not sent": it cannot be confirmed later
    expected = "You cannot pay 40.00 €: your balance of -40.00 € may not go below -50.00 €."
    assert refused.answer is not None
    assert refused.answer.answer_text == expected
    shown = world.session.api.message(world.group.id, second.last.message_id)
    assert shown.body == f"❌ Not sent: {expected}"
    summary = world.session.say(world.alice, world.group, "/send 20 @carol")
    assert summary.texts[0].startswith("You cannot pay 20.00 €")


def test_an_unvouched_external_may_not_send(world: World, snapshot: Callable[[], Snapshot]) -> None:
    world.register(world.bob)
    world.register(world.dave, chat=world.private(world.dave))
    before = snapshot()
    exchange = world.session.say(world.dave, world.group, "/send 1 @bob")
    assert exchange.texts == [
        "As an external guest without a voucher you may only read. Ask a member to vouch for you."
    ]
    assert snapshot() == before


def test_an_inactive_user_may_not_send(
    world: World, snapshot: Callable[[], Snapshot], engine: Engine
) -> None:
    world.register(world.alice, world.bob)
    summary = world.session.say(world.alice, world.group, "/send 1 @bob")
    services.set_active(world.uow, user=world.db_user(world.alice).id, active=False, key="t:off")
    before = snapshot()
    refused = world.session.say(world.alice, world.group, "/send 1 @bob")
    assert refused.texts == ["Your account is deactivated: you can read, but not change anything."]
    pressed = world.session.press(world.alice, summary.last, 0)
    assert pressed.answer is not None
    assert pressed.answer.answer_text == (
        "Your account is deactivated: you can read, but not change anything."
    )
    to_inactive = world.session.say(world.bob, world.group, "/send 1 @alice")
    assert to_inactive.texts == ["Alice Liddell is deactivated and cannot take part."]
    assert _without_pending(snapshot()) == _without_pending(before)
    assert _pending(engine) == []
    assert world.session.say(world.alice, world.group, "/balance").texts == ["Your balance: 0.00 €"]


def test_a_double_tapped_confirm_sends_once(world: World, engine: Engine) -> None:
    world.register(world.alice, world.bob)
    summary = world.session.say(world.alice, world.group, "/send 2 @bob")
    data = summary.last.buttons[0].callback_data or ""
    api = world.session.api
    first = api.press_data(world.alice, summary.last, data)
    second = api.press_data(world.alice, summary.last, data)
    world.session.tracker.wait_processed(first.update_id)
    world.session.tracker.wait_processed(second.update_id)
    assert len(_journal(engine)) == 1
    assert world.balance(world.bob) == 200
    for press in (first, second):
        assert press.callback_query_id is not None
        assert api.callback(press.callback_query_id).answered


def test_a_confirm_pressed_the_moment_the_buttons_appear_sends(
    world: World, engine: Engine
) -> None:
    world.register(world.alice, world.bob)
    api = world.session.api
    presses: list[Injected] = []

    def press_at_once(call: BotCall) -> None:
        # Runs before the bot even hears back from the call that showed the buttons.
        shown = call.message
        labels = [b.text for b in shown.buttons] if call.ok and shown is not None else []
        if shown is not None and not presses and "✅ Confirm" in labels:
            presses.append(api.press(world.alice, shown, "✅ Confirm"))

    api.add_listener(press_at_once)
    try:
        summary = world.session.say(world.alice, world.group, "/send 2 @bob")
    finally:
        api.remove_listener(press_at_once)
    [press] = presses
    world.session.tracker.wait_processed(press.update_id)
    assert press.callback_query_id is not None
    answer = api.callback(press.callback_query_id)
    assert (answer.answer_text, answer.show_alert) == ("Your balance: -2.00 €", False)
    shown = api.message(world.group.id, summary.last.message_id)
    assert shown.body == "✅ Alice Liddell sent 2.00 € to Bob."
    assert shown.buttons == ()
    alice, bob = world.db_user(world.alice), world.db_user(world.bob)
    assert _journal(engine) == [(alice.id, bob.id, 200, "send:")]
    assert _pending(engine) == []


def test_a_confirm_after_a_restart_sends(world: World, engine: Engine) -> None:
    world.register(world.alice, world.bob)
    summary = world.session.say(world.alice, world.group, "/send 2 @bob beer")
    world.session.restart()  # a new Application on the same database: nothing in memory is left
    pressed = world.session.press(world.alice, summary.last, 0)
    assert pressed.answer is not None
    assert pressed.answer.answer_text == "Your balance: -2.00 €"
    shown = world.session.api.message(world.group.id, summary.last.message_id)
    assert shown.body == "✅ Alice Liddell sent 2.00 € to Bob for “beer”."
    assert shown.buttons == ()
    alice, bob = world.db_user(world.alice), world.db_user(world.bob)
    assert _journal(engine) == [(alice.id, bob.id, 200, "send: beer")]
    assert _pending(engine) == []
    world.session.restart()
    again = world.session.press_data(
        world.alice, summary.last, summary.last.buttons[0].callback_data or ""
    )
    assert again.answer is not None
    assert again.answer.answer_text == "Your balance: -2.00 €"  # the first transfer, replayed
    assert again.sent == ()
    assert _journal(engine) == [(alice.id, bob.id, 200, "send: beer")]


def test_an_abort_after_a_restart_aborts(world: World, engine: Engine) -> None:
    world.register(world.alice, world.bob)
    summary = world.session.say(world.alice, world.group, "/send 2 @bob")
    world.session.restart()
    world.session.press(world.alice, summary.last, "❌ Abort")
    shown = world.session.api.message(world.group.id, summary.last.message_id)
    assert shown.body == "❌ Aborted: no money was sent."
    assert _journal(engine) == []
    assert _pending(engine) == []


def _clock(world: World) -> ManualClock:
    clock = world.session.container.clock
    assert isinstance(clock, ManualClock)
    return clock


def test_a_pending_send_expires_after_an_hour(
    world: World, snapshot: Callable[[], Snapshot], engine: Engine
) -> None:
    world.register(world.alice, world.bob)
    summary = world.session.say(world.alice, world.group, "/send 2 @bob")
    _clock(world).advance(timedelta(minutes=59, seconds=59))
    still = world.session.say(world.alice, world.group, "/send 3 @bob")
    world.session.press(world.alice, still.last, "✅ Confirm")
    assert world.balance(world.bob) == 300
    _clock(world).advance(timedelta(seconds=1))
    before = snapshot()
    by_bob = world.session.press(world.bob, summary.last, "✅ Confirm")
    assert by_bob.answer is not None
    assert by_bob.answer.answer_text == "Only Alice Liddell can press this."  # owner first
    assert world.session.api.message(world.group.id, summary.last.message_id).buttons != ()
    for button in ("✅ Confirm", "❌ Abort"):
        late = world.session.press_data(
            world.alice, summary.last, summary.last.button(button).callback_data or ""
        )
        assert late.answer is not None
        assert late.answer.answer_text == "This has expired. Please send the command again."
    assert world.session.api.message(world.group.id, summary.last.message_id).buttons == ()
    assert snapshot() == before
    assert world.balance(world.bob) == 300

    fresh = world.session.say(world.alice, world.group, "/send 1 @bob")  # cleans up on access
    assert _pending(engine) == [(100, world.group.id, fresh.last.message_id)]


def test_forged_send_presses_change_no_message(
    world: World, snapshot: Callable[[], Snapshot], engine: Engine
) -> None:
    world.register(world.alice, world.bob, world.carol)
    alices = world.session.say(world.alice, world.group, "/send 2 @carol").last
    other = world.session.say(world.alice, world.group, "/send 3 @carol").last
    bobs = world.session.say(world.bob, world.group, "/send 4 @carol").last
    alices_token = alices.buttons[0].callback_data or ""
    before = snapshot()
    cases = [
        (world.bob, alices, "sy:AAAAAAAAAAAA", "Only Alice Liddell can press this."),
        (world.bob, alices, "sn:AAAAAAAAAAAA", "Only Alice Liddell can press this."),
        (
            world.alice,
            alices,
            "sn:AAAAAAAAAAAA",
            "This has expired. Please send the command again.",
        ),
        (world.alice, other, alices_token, "This has expired. Please send the command again."),
        (world.alice, bobs, alices_token, "Only Bob can press this."),
        (world.carol, alices, alices_token, "Nur Alice Liddell kann das drücken."),
    ]
    for who, message, data, expected in cases:
        pressed = world.session.press_data(who, message, data)
        assert pressed.answer is not None
        assert pressed.answer.answer_text == expected, (who.first_name, data)
        assert pressed.edits == []
        assert pressed.sent == ()
    assert snapshot() == before
    for message in (alices, other, bobs):
        assert world.session.api.message(world.group.id, message.message_id).buttons != ()
    world.session.press(world.alice, alices, "✅ Confirm")
    assert world.balance(world.carol) == 200
    assert len(_pending(engine)) == 2


def test_a_replayed_confirm_after_a_restart_moves_money_once(world: World, engine: Engine) -> None:
    world.register(world.alice, world.bob)
    summary = world.session.say(world.alice, world.group, "/send 2 @bob")
    confirmed = world.session.press(world.alice, summary.last, 0)
    in_process = world.session.replay(confirmed.update_id)
    assert in_process.sent == ()
    assert in_process.edits == []
    world.session.restart()
    after_restart = world.session.replay(confirmed.update_id)
    assert after_restart.sent == ()
    assert len(_journal(engine)) == 1
    assert world.balance(world.bob) == 200


def test_send_to_someone_without_username_by_text_mention(world: World) -> None:
    world.register(world.alice, world.eve)
    summary = world.session.say(
        world.alice, world.group, "/send 1.50 Eve for the cake", mention=world.eve
    )
    assert summary.texts[0].startswith("Send 1.50 € from Alice Liddell to Eve for “for the cake”?")
    world.session.press(world.alice, summary.last, 0)
    assert world.balance(world.eve) == 150
