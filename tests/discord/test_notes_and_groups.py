"""/note issue|redeem|cancel|list, /currencies, /exchange and /leaderboard end to end."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest

from communitybot.core.economy import AccountType, Economy, GroupKind
from communitybot.core.errors import NotFound
from communitybot.core.ids import AccountId, EconomyId, GuildId, MemberId
from communitybot.services.economy import accounts, economies, groups
from tests.conftest import Snapshot
from tests.discord.conftest import ADMIN, ALICE, BOB, CAROL, World, actor
from tests.discord.harness import GUILD_ID, OTHER_GUILD_ID, Harness, SimMember
from tests.discord.test_money import refused

Take = Callable[[], Snapshot]

_CODE = re.compile(r"`(eyJ[^`]+)`")


def issue(world: World, amount: str = "20", to: SimMember = BOB) -> tuple[int, str]:
    """Alice issues a note signed over to ``to`` (Bob); return its number and code."""
    answer = world.slash(ALICE, "note issue", amount=amount, to=to)
    assert answer.ephemeral
    number = re.search(r"\*\*#(\d+)\*\*", answer.content)
    code = _CODE.search(answer.content)
    assert number, answer.content
    assert code, answer.content
    return int(number[1]), code[1]


# --- bank notes ------------------------------------------------------------------------------


def test_issue_shows_the_code_once_privately(world: World) -> None:
    number, code = issue(world)
    expiry = int((world.clock.now() + timedelta(days=30)).timestamp())
    answer = world.harness.fake.answers[-1].content
    assert answer == (
        f"Bank note **#{number}** of **20.00 cr** from <@{ALICE.id}>, expires <t:{expiry}:f>. "
        f"Its code, shown only now: only <@{BOB.id}> can redeem it, once, with `/note redeem`; "
        f"send it to them:\n`{code}`"
    )
    assert world.balance(ALICE) == 8_000


def test_redeem_into_ones_own_account(world: World) -> None:
    number, code = issue(world)
    answer = world.slash(BOB, "note redeem", code=code)
    assert answer.ephemeral
    assert answer.content == (
        f"Redeemed bank note #{number}: **20.00 cr** (credits) into <@{BOB.id}>."
    )
    assert world.balance(BOB) == 2_000


def test_redeem_in_a_server_without_that_economy(world: World) -> None:
    _number, code = issue(world, "3")
    answer = world.slash(BOB, "note redeem", guild_id=OTHER_GUILD_ID, code=code)
    assert answer.content.endswith(f"**3.00 cr** (credits) into <@{BOB.id}>.")
    assert world.balance(BOB) == 300


def test_a_note_is_redeemed_once_and_only_by_its_recipient(world: World, snapshot: Take) -> None:
    number, code = issue(world)
    world.open(CAROL)
    for stranger in (CAROL, ALICE):
        content = refused(world, snapshot, stranger, "note redeem", code=code)
        assert content == (
            f"Bank note #{number} is signed over to someone else; only its recipient can redeem it."
        )
    world.slash(BOB, "note redeem", code=code)
    world.open_named("jar", AccountType.CORPORATION, BOB)
    content = refused(world, snapshot, BOB, "note redeem", code=code, to_account="jar")
    assert content == f"Bank note #{number} was redeemed already."


def test_in_german_a_note_for_someone_else_is_refused(world: World, snapshot: Take) -> None:
    number, code = issue(world)
    hanna = SimMember(100_000_000_000_000_011, "hanna", locale="de")
    world.open(hanna)
    assert refused(world, snapshot, hanna, "note redeem", code=code) == (
        f"Die Banknote #{number} ist auf jemand anderen ausgestellt; nur der Empfänger kann sie "
        "einlösen."
    )


def test_a_wrong_code_is_refused(world: World, snapshot: Take) -> None:
    _number, code = issue(world)
    content = refused(world, snapshot, BOB, "note redeem", code=code[:-2] + "xx")
    assert content == "That is not a valid bank note code."


def test_redeem_without_an_account_in_that_currency(world: World, snapshot: Take) -> None:
    _number, code = issue(world, to=CAROL)
    content = refused(world, snapshot, CAROL, "note redeem", code=code)
    assert content == "You have no account in “credits”."


def test_cancel_gives_the_money_back(world: World, snapshot: Take) -> None:
    number, _code = issue(world)
    expiry = int((world.clock.now() + timedelta(days=30)).timestamp())
    refusal = refused(world, snapshot, BOB, "note cancel", number=number)
    assert refusal.startswith("You lack `TRANSFER_FUNDS`")
    answer = world.slash(ALICE, "note cancel", number=number)
    assert answer.content == f"Cancelled bank note #{number}: 20.00 cr went back to <@{ALICE.id}>."
    assert world.balance(ALICE) == 10_000
    listing = world.slash(ALICE, "note list")
    assert listing.content.splitlines() == [
        f"**Bank notes of <@{ALICE.id}>**",
        f"`#{number}` 20.00 cr · cancelled, expires <t:{expiry}:f>",
    ]


def test_issue_refuses_more_than_the_balance(world: World, snapshot: Take) -> None:
    content = refused(world, snapshot, BOB, "note issue", amount="1", to=ALICE)
    assert content.startswith(f"Not enough money on <@{BOB.id}>")


def test_a_replayed_issue_never_shows_the_code_again(
    world: World, harness: Harness, snapshot: Take
) -> None:
    payload = harness.payload(ALICE, "note issue", amount="5", to=BOB)
    first = harness.fake.wait_answer(harness.dispatch(payload))
    assert _CODE.search(first.content)
    harness.stop()
    before = snapshot()
    restarted = Harness(harness.container).start()
    try:
        again = restarted.fake.wait_answer(restarted.dispatch(payload))
    finally:
        restarted.stop()
    assert _CODE.search(again.content) is None
    assert "It was issued before and its code is shown only once" in again.content
    assert snapshot() == before


# --- groups: currencies, exchange, leaderboard -----------------------------------------------


@dataclass
class Group:
    """Credits (primary) and gold in one LOCAL group this server joined; 1 cr = 1/2 g."""

    gold: Economy
    alice_gold: AccountId


@pytest.fixture
def group(world: World) -> Group:
    admin = actor(ADMIN)
    gold = economies.create_economy(
        world.uow, admin, currency_name="gold", currency_unit="g", clock=world.clock
    )
    made = groups.create_group(world.uow, admin, kind=GroupKind.LOCAL, name="realm")
    groups.add_currency(world.uow, admin, group_id=made.id, economy_id=world.economy.id)
    groups.add_currency(world.uow, admin, group_id=made.id, economy_id=gold.id)
    groups.join_group(world.uow, admin, group_id=made.id, guild_id=GuildId(GUILD_ID))
    groups.set_exchange_rate(
        world.uow,
        admin,
        from_economy_id=world.economy.id,
        to_economy_id=gold.id,
        numerator=1,
        denominator=2,
    )
    alice_gold = accounts.open_account(
        world.uow,
        admin,
        economy_id=gold.id,
        name=ALICE.mention,
        owner_id=MemberId(ALICE.id),
        clock=world.clock,
    ).id
    return Group(gold=gold, alice_gold=alice_gold)


def test_currencies_of_the_server(world: World, group: Group) -> None:
    answer = world.slash(BOB, "currencies")
    assert answer.content.splitlines() == [
        "**Currencies here**",
        "• **credits** (unit cr) · this server's economy",
        "• **gold** (unit g)",
    ]


def test_exchange_into_another_currency(world: World, group: Group) -> None:
    answer = world.slash(ALICE, "exchange", amount="10", to_currency="gold")
    assert answer.content == (
        f"Exchanged **10.00 cr** from <@{ALICE.id}> for **5.00 g** into <@{ALICE.id}> (rate 1/2)."
    )
    assert not answer.ephemeral
    assert world.balance(ALICE) == 9_000
    assert world.get(group.alice_gold).balance == 500


def test_exchange_refusals(world: World, group: Group, snapshot: Take) -> None:
    content = refused(world, snapshot, BOB, "exchange", amount="1", to_currency="gold")
    assert content == "You have no account in “gold”."
    content = refused(world, snapshot, ALICE, "exchange", amount="1", to_currency="silver")
    assert content == "There is no economy with the currency “silver”."
    content = refused(world, snapshot, ALICE, "exchange", amount="1000", to_currency="gold")
    assert content.startswith(f"Not enough money on <@{ALICE.id}>")


def test_leaderboard_in_the_primary_currency(world: World, group: Group) -> None:
    world.slash(ALICE, "pay", member=BOB, amount="30")
    answer = world.slash(CAROL, "leaderboard")
    assert answer.content.splitlines() == [
        "**Leaderboard** (valued in credits)",
        f"1. <@{ALICE.id}> · 70.00 cr",
        f"2. <@{BOB.id}> · 30.00 cr",
    ]


def test_leaderboard_of_an_economy_in_no_group(world: World) -> None:
    world.slash(ALICE, "pay", member=BOB, amount="30")
    world.open_named("Savings", AccountType.USER, owner=CAROL)
    answer = world.slash(CAROL, "leaderboard", count=2)
    assert answer.ephemeral
    assert answer.content.splitlines() == [
        "**Leaderboard** (valued in credits)",
        f"1. <@{ALICE.id}> · 70.00 cr",
        f"2. <@{BOB.id}> · 30.00 cr",
    ]


def test_the_economy_leaderboard_counts_only_members_own_accounts(world: World) -> None:
    world.open_named("Shop", AccountType.CORPORATION, owner=BOB)
    world.slash(ALICE, "pay-account", account="Shop", amount="45")
    world.slash(ALICE, "pay", member=BOB, amount="10")
    entries = groups.economy_leaderboard(world.uow, economy_id=world.economy.id)
    assert [(e.rank, e.owner_id, e.value) for e in entries] == [
        (1, MemberId(ALICE.id), 4_500),
        (2, MemberId(BOB.id), 1_000),
    ]
    top = groups.economy_leaderboard(world.uow, economy_id=world.economy.id, limit=1)
    assert [(e.owner_id, e.value) for e in top] == [(MemberId(ALICE.id), 4_500)]


def test_the_economy_leaderboard_of_a_deleted_economy_is_refused(world: World) -> None:
    with pytest.raises(NotFound):
        groups.economy_leaderboard(world.uow, economy_id=EconomyId(world.economy.id + 999))
