"""/pay, /pay-account, /print and /remove end to end: happy paths, refusals, replays."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from communitybot.core.economy import AccountType, Permission, Subject, TaxType
from communitybot.core.ids import EconomyId
from communitybot.services.economy import permissions, taxes
from tests.conftest import Snapshot
from tests.discord.conftest import ADMIN, ALICE, BOB, CAROL, STRANGER, TREASURER, World, actor
from tests.discord.harness import Harness, SimMember

Take = Callable[[], Snapshot]


def refused(world: World, snapshot: Take, user: SimMember, path: str, **options: object) -> str:
    """Run a command that must be refused: a private answer, and no row changed."""
    before = snapshot()
    answer = world.slash(user, path, **options)
    assert answer.ephemeral, answer.content
    assert snapshot() == before
    return answer.content


# --- /pay ------------------------------------------------------------------------------------


def test_pay_moves_money_and_answers_in_the_channel(world: World) -> None:
    answer = world.slash(ALICE, "pay", member=BOB, amount="5,50")
    assert answer.content == f"<@{ALICE.id}> paid **5.50 cr** to <@{BOB.id}>."
    assert not answer.ephemeral
    assert world.balance(ALICE) == 10_000 - 550
    assert world.balance(BOB) == 550
    (entry,) = world.journal(world.bob_account)
    assert (entry.from_account_id, entry.amount, entry.actor_id) == (
        world.alice_account,
        550,
        ALICE.id,
    )


def test_pay_from_an_account_one_owns(world: World) -> None:
    shop = world.open_named("Alice's Shop", AccountType.CORPORATION, owner=ALICE)
    world.mint(shop.id, 2_000)
    answer = world.slash(ALICE, "pay", member=BOB, amount="7", from_account="Alice's Shop")
    assert answer.content == f"**Alice's Shop** paid **7.00 cr** to <@{BOB.id}>."
    assert world.get(shop.id).balance == 1_300
    assert world.balance(BOB) == 700


def test_pay_account_is_a_purchase_with_vat_on_top(world: World) -> None:
    shop = world.open_named("Bakery", AccountType.CORPORATION, owner=CAROL)
    treasury = world.open_named("Treasury", AccountType.GOVERNMENT)
    taxes.create_tax_bracket(
        world.uow,
        actor(ADMIN),
        economy_id=world.economy.id,
        name="vat",
        affected_type=AccountType.USER,
        tax_type=TaxType.VAT,
        start=0,
        end=None,
        rate=1_000,
        to_account_id=treasury.id,
    )
    answer = world.slash(ALICE, "pay-account", account="Bakery", amount="10")
    assert answer.content == (
        f"<@{ALICE.id}> paid **10.00 cr** to **Bakery**. VAT 1.00 cr on top: 11.00 cr in all."
    )
    assert world.balance(ALICE) == 10_000 - 1_100
    assert world.get(shop.id).balance == 1_000
    assert world.get(treasury.id).balance == 100


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("abc", "it is not a number"),
        ("-5", "it is negative"),
        ("0", "it is zero"),
        ("1.234", "it has more than two decimals"),
        ("1e3", "exponents are not allowed"),
        ("10000000000000", "it is far too large"),
    ],
)
def test_pay_refuses_a_bad_amount(world: World, snapshot: Take, text: str, why: str) -> None:
    content = refused(world, snapshot, ALICE, "pay", member=BOB, amount=text)
    assert content.startswith(f"“{text}” is not an amount: {why}.")


def test_pay_refuses_more_than_the_balance(world: World, snapshot: Take) -> None:
    content = refused(world, snapshot, BOB, "pay", member=ALICE, amount="5")
    assert content == (
        f"Not enough money on <@{BOB.id}>: it holds 0.00 cr, this needs 5.00 cr, "
        "and it may not go below 0.00 cr."
    )


def test_pay_refuses_someone_who_is_not_a_member(world: World, snapshot: Take) -> None:
    content = refused(world, snapshot, ALICE, "pay", member=STRANGER, amount="5")
    assert content == "That is not a member of this server."


def test_pay_refuses_a_member_without_an_account(world: World, snapshot: Take) -> None:
    content = refused(world, snapshot, ALICE, "pay", member=CAROL, amount="5")
    assert content == f"<@{CAROL.id}> has no account in this economy."


def test_pay_refuses_a_payer_without_an_account(world: World, snapshot: Take) -> None:
    content = refused(world, snapshot, CAROL, "pay", member=ALICE, amount="5")
    assert content == "You have no account in this economy yet: open one with `/open-account`."


def test_pay_refuses_paying_from_someone_elses_account(world: World, snapshot: Take) -> None:
    content = refused(
        world, snapshot, BOB, "pay", member=BOB, amount="5", from_account=ALICE.mention
    )
    assert content == (
        f"You lack `TRANSFER_FUNDS` on <@{ALICE.id}>, which is needed to pay from an account."
    )


def test_pay_refuses_paying_oneself(world: World, snapshot: Take) -> None:
    content = refused(world, snapshot, ALICE, "pay", member=ALICE, amount="5")
    assert content == "An account cannot pay itself."


def test_pay_account_refuses_an_unknown_account(world: World, snapshot: Take) -> None:
    content = refused(world, snapshot, ALICE, "pay-account", account="Nowhere*", amount="5")
    assert content == "There is no open account called “Nowhere\\*” in this economy."


def test_pay_outside_a_server_is_refused(world: World, snapshot: Take) -> None:
    before = snapshot()
    payload = world.harness.payload(ALICE, "pay", guild_id=None, member=BOB, amount="5")
    answer = world.harness.fake.wait_answer(world.harness.dispatch(payload))
    assert answer.content == "Economy commands work in a server, not in direct messages."
    assert snapshot() == before


def test_pay_in_a_server_without_economy_is_refused(world: World, snapshot: Take) -> None:
    before = snapshot()
    payload = world.harness.payload(ALICE, "pay", guild_id=123, member=BOB, amount="5")
    answer = world.harness.fake.wait_answer(world.harness.dispatch(payload))
    assert answer.content.startswith("This server has no economy yet.")
    assert snapshot() == before


# --- replays ---------------------------------------------------------------------------------


def test_a_redelivered_interaction_is_dropped(world: World, snapshot: Take) -> None:
    harness = world.harness
    payload = harness.payload(ALICE, "pay", member=BOB, amount="5")
    first = harness.fake.wait_answer(harness.dispatch(payload))
    assert "paid **5.00 cr**" in first.content
    before = snapshot()
    harness.dispatch(payload)
    # A later interaction is answered only after the replay passed the tree's check.
    world.slash(ALICE, "balance")
    assert harness.bot.economy_tree.replays_dropped == 1
    assert len(harness.fake.answers_to(int(payload["id"]))) == 1
    assert snapshot() == before
    assert world.balance(BOB) == 500


def test_a_replay_after_a_restart_moves_money_once(
    world: World, harness: Harness, snapshot: Take
) -> None:
    payload = harness.payload(ALICE, "pay", member=BOB, amount="5")
    first = harness.fake.wait_answer(harness.dispatch(payload))
    harness.stop()
    before = snapshot()
    restarted = Harness(harness.container).start()
    try:
        again = restarted.fake.wait_answer(restarted.dispatch(payload))
    finally:
        restarted.stop()
    assert again.content == first.content
    assert snapshot() == before
    assert world.balance(BOB) == 500


# --- slow work -------------------------------------------------------------------------------


def test_slow_work_is_deferred_then_answered(world: World, harness: Harness) -> None:
    harness.stop()
    slow = Harness(harness.container, defer_after=0.0).start()
    try:
        iid = slow.send(ALICE, "pay", member=BOB, amount="2")
        answer = slow.fake.wait_answer(iid)
        assert slow.fake.deferrals == [(iid, False)]
        refusal = slow.fake.wait_answer(slow.send(BOB, "pay", member=ALICE, amount="50"))
    finally:
        slow.stop()
    assert answer.via == "followup"
    assert answer.content == f"<@{ALICE.id}> paid **2.00 cr** to <@{BOB.id}>."
    assert refusal.via == "followup"
    assert refusal.content.startswith(f"Not enough money on <@{BOB.id}>")
    assert world.balance(BOB) == 200


# --- /print and /remove ----------------------------------------------------------------------


def test_print_into_a_member_and_an_account(world: World) -> None:
    treasury = world.open_named("Treasury", AccountType.GOVERNMENT)
    answer = world.slash(ADMIN, "print", amount="20", member=BOB)
    assert answer.content == f"Printed **20.00 cr** into <@{BOB.id}>."
    answer = world.slash(ADMIN, "print", amount="1000", account="Treasury")
    assert answer.content == "Printed **1000.00 cr** into **Treasury**."
    assert world.balance(BOB) == 2_000
    assert world.get(treasury.id).balance == 100_000


def test_remove_from_a_member(world: World) -> None:
    answer = world.slash(ADMIN, "remove", amount="30", member=ALICE)
    assert answer.content == f"Removed **30.00 cr** from <@{ALICE.id}>."
    assert world.balance(ALICE) == 7_000


def test_print_needs_manage_funds(world: World, snapshot: Take) -> None:
    content = refused(world, snapshot, ALICE, "print", amount="20", member=ALICE)
    assert content == (
        f"You lack `MANAGE_FUNDS` on <@{ALICE.id}>, which is needed to print or remove money."
    )


def test_print_through_a_role(world: World) -> None:
    permissions.set_permissions(
        world.uow,
        actor(ADMIN),
        subject=Subject.role(TREASURER.id),
        permissions=[Permission.MANAGE_FUNDS],
        economy_id=EconomyId(world.economy.id),
    )
    treasurer = SimMember(CAROL.id, CAROL.name, roles=(TREASURER.id,))
    answer = world.slash(treasurer, "print", amount="3", member=BOB)
    assert answer.content == f"Printed **3.00 cr** into <@{BOB.id}>."
    assert world.balance(BOB) == 300


@pytest.mark.parametrize("path", ["print", "remove"])
def test_print_and_remove_need_exactly_one_target(world: World, snapshot: Take, path: str) -> None:
    assert refused(world, snapshot, ADMIN, path, amount="5") == (
        "Name exactly one of `member` or `account`."
    )
    assert refused(world, snapshot, ADMIN, path, amount="5", member=BOB, account="x") == (
        "Name exactly one of `member` or `account`."
    )


def test_remove_refuses_more_than_the_balance(world: World, snapshot: Take) -> None:
    content = refused(world, snapshot, ADMIN, "remove", amount="5", member=BOB)
    assert content.startswith(f"Not enough money on <@{BOB.id}>: it holds 0.00 cr")


def test_print_refuses_a_bad_amount(world: World, snapshot: Take) -> None:
    content = refused(world, snapshot, ADMIN, "print", amount="5 apples", member=BOB)
    assert content.startswith("“5 apples” is not an amount: it is not a number.")
