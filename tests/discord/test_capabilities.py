"""The commands for every capability (issue 11), end to end through the fake Discord API:
/account, /economy delete, /group, /currency, /rate, /wallet, /pay in a currency, /leaderboard
in a currency and for the server's members, /category and /credit. Each in English and German;
every refusal changes no row."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest

from communitybot.core.economy import AccountType, CreditPeriod, Economy, GroupKind, Permission
from communitybot.core.ids import AccountId, GuildId, MemberId
from communitybot.services.economy import accounts, economies, groups, recurring
from tests.conftest import Snapshot
from tests.discord.conftest import ADMIN, ALICE, BOB, CAROL, STRANGER, World, actor
from tests.discord.harness import GUILD_ID, Harness, SimMember
from tests.discord.test_money import refused

Take = Callable[[], Snapshot]

ALICE_DE = SimMember(ALICE.id, ALICE.name, locale="de")
BOB_DE = SimMember(BOB.id, BOB.name, locale="de")
ADMIN_DE = SimMember(ADMIN.id, ADMIN.name, locale="de")


# --- /account --------------------------------------------------------------------------------


def test_rename_hand_over_and_close_a_shop(world: World, snapshot: Take) -> None:
    shop = world.open_named("Shop", AccountType.CORPORATION, owner=ALICE)
    renamed = world.slash(ALICE, "account rename", account="Shop", new_name="Bakery")
    assert renamed.content == "Renamed **Shop** to **Bakery**."
    assert not renamed.ephemeral
    assert world.get(shop.id).name == "Bakery"
    content = refused(world, snapshot, BOB, "account rename", account="Bakery", new_name="Mine")
    assert content.startswith("You lack `LOGIN_AS_ACCOUNT`")
    handed = world.slash(ALICE, "account hand-over", account="Bakery", member=BOB)
    assert handed.content == f"**Bakery** now belongs to <@{BOB.id}>."
    assert world.get(shop.id).owner_id == MemberId(BOB.id)
    closed = world.slash(BOB, "account close", account="Bakery")
    assert closed.content == "Closed **Bakery**."
    assert not world.get(shop.id).is_open


def test_a_members_own_account_is_not_renamed_and_money_keeps_one_open(
    world: World, snapshot: Take
) -> None:
    content = refused(world, snapshot, ALICE, "account rename", account=ALICE.mention, new_name="x")
    assert content == "USER accounts cannot be renamed."
    content = refused(world, snapshot, ALICE, "account close")
    assert content.startswith(f"<@{ALICE.id}> still holds")


def test_account_limit_lets_an_account_go_negative(world: World, snapshot: Take) -> None:
    content = refused(world, snapshot, BOB, "account limit", min_balance="-20")
    assert content.startswith("You lack `MANAGE_FUNDS`")
    content = refused(
        world, snapshot, ADMIN, "account limit", min_balance="-2x", account=BOB.mention
    )
    assert content.startswith("“-2x” is not an amount")
    answer = world.slash(ADMIN, "account limit", min_balance="-20", account=BOB.mention)
    assert answer.content == f"<@{BOB.id}> may now go down to -20.00 cr."
    assert world.get(world.bob_account).min_balance == -2_000
    world.slash(BOB, "pay", member=ALICE, amount="15")
    assert world.balance(BOB) == -1_500


def test_account_commands_in_german(world: World, snapshot: Take) -> None:
    world.open_named("Laden", AccountType.CORPORATION, owner=ALICE)
    answer = world.slash(ALICE_DE, "account rename", account="Laden", new_name="Bäckerei")
    assert answer.content == "**Laden** heißt jetzt **Bäckerei**."
    limited = world.slash(ADMIN_DE, "account limit", min_balance="-7,5", account=BOB.mention)
    assert limited.content == f"<@{BOB.id}> darf jetzt bis -7,50 cr sinken."
    content = refused(world, snapshot, BOB_DE, "account close", account="Bäckerei")
    assert content.startswith("Dir fehlt `CLOSE_ACCOUNT`")


# --- /economy delete -------------------------------------------------------------------------


def test_economy_delete_needs_the_name_and_empty_accounts(world: World, snapshot: Take) -> None:
    content = refused(world, snapshot, ADMIN, "economy delete", currency_name="gold")
    assert content == "To confirm, type “credits” exactly."
    content = refused(world, snapshot, ALICE, "economy delete", currency_name="credits")
    assert content.startswith("You lack `MANAGE_ECONOMIES`")
    content = refused(world, snapshot, ADMIN, "economy delete", currency_name="credits")
    assert content == "The economy still has 1 accounts holding money."
    world.slash(ADMIN, "remove", amount="100", member=ALICE)
    answer = world.slash(ADMIN, "economy delete", currency_name="credits")
    assert answer.content == (
        "Deleted the economy **credits** (unit cr): its accounts are closed and no server "
        "uses it any more."
    )
    assert economies.guild_economy(world.uow, guild_id=GuildId(GUILD_ID)) is None


def test_economy_delete_in_german(world: World, snapshot: Take) -> None:
    content = refused(world, snapshot, ADMIN_DE, "economy delete", currency_name="Credits")
    assert content == "Zur Bestätigung tippe genau „credits“."


# --- groups, currencies and rates ------------------------------------------------------------


@dataclass
class Gold:
    """A second economy, "gold" (g), with an account of Alice."""

    economy: Economy
    alice: AccountId


@pytest.fixture
def gold(world: World) -> Gold:
    made = economies.create_economy(
        world.uow, actor(ADMIN), currency_name="gold", currency_unit="g", clock=world.clock
    )
    alice = accounts.open_account(
        world.uow,
        actor(ADMIN),
        economy_id=made.id,
        name=ALICE.mention,
        owner_id=MemberId(ALICE.id),
        clock=world.clock,
    ).id
    return Gold(made, alice)


def test_a_single_group_its_currencies_rates_wallet_and_primary(
    world: World, gold: Gold, snapshot: Take
) -> None:
    created = world.slash(ADMIN, "group create", kind=GroupKind.SINGLE, name="home")
    assert created.content == "Created the economy group **home** (one server)."
    added = world.slash(ADMIN, "currency add", currency_name="gold")
    assert added.content == "**gold** (unit g) is now a currency of **home** (one server)."
    rate = world.slash(ADMIN, "rate set", from_currency="gold", to_currency="credits", numerator=2)
    assert rate.content == "Rate set: 1 gold buys 2/1 credits."
    listing = world.slash(BOB, "rate list")
    assert listing.content.splitlines() == [
        "**Exchange rates** of **home** (one server)",
        "• 1 gold → 2/1 credits",
    ]
    wallet = world.slash(ALICE, "wallet")
    assert wallet.ephemeral
    assert wallet.content.splitlines() == [
        "**Your wallet**",
        "• **credits** (unit cr): **100.00 cr**",
        "• **gold** (unit g): **0.00 g**",
    ]
    assert world.slash(CAROL, "wallet").content.splitlines()[1:] == [
        "• **credits** (unit cr): no account yet",
        "• **gold** (unit g): no account yet",
    ]
    content = refused(world, snapshot, ALICE, "currency primary", currency_name="gold")
    assert content.startswith("You lack `MANAGE_ECONOMIES`")
    primary = world.slash(ADMIN, "currency primary", currency_name="gold")
    assert (
        primary.content == "**gold** (unit g) is now the primary currency of **home** (one server)."
    )
    listed = world.slash(BOB, "group list")
    assert listed.content.splitlines() == [
        "**Economy groups**",
        "• **home** (one server): gold, credits · joined by this server",
    ]
    removed = world.slash(ADMIN, "rate remove", from_currency="gold", to_currency="credits")
    assert removed.content == "Removed the rate from gold to credits."
    content = refused(
        world, snapshot, ADMIN, "rate remove", from_currency="gold", to_currency="credits"
    )
    assert content == "There is no exchange rate between those currencies in that direction."


def test_pay_in_a_chosen_currency_defaults_to_the_primary_one(
    world: World, gold: Gold, snapshot: Take
) -> None:
    world.slash(ADMIN, "group create", kind=GroupKind.SINGLE, name="home")
    world.slash(ADMIN, "currency add", currency_name="gold")
    world.mint(gold.alice, 1_000)
    bob_gold = accounts.open_account(
        world.uow,
        actor(ADMIN),
        economy_id=gold.economy.id,
        name=BOB.mention,
        owner_id=MemberId(BOB.id),
        clock=world.clock,
    ).id
    paid = world.slash(ALICE, "pay", member=BOB, amount="3", currency="gold")
    assert paid.content == f"<@{ALICE.id}> paid **3.00 g** to <@{BOB.id}>."
    assert world.get(bob_gold).balance == 300
    world.slash(ADMIN, "currency primary", currency_name="gold")
    world.slash(ALICE, "pay", member=BOB, amount="1")
    assert world.get(bob_gold).balance == 400
    assert world.balance(BOB) == 0
    content = refused(world, snapshot, ALICE, "pay", member=BOB, amount="100", currency="gold")
    assert content.startswith(f"Not enough money on <@{ALICE.id}>: it holds 6.00 g")
    content = refused(world, snapshot, ALICE, "pay", member=BOB, amount="1", currency="silver")
    assert content == "There is no economy with the currency “silver”."
    content = refused(world, snapshot, ALICE, "pay", member=CAROL, amount="1", currency="gold")
    assert content == f"<@{CAROL.id}> has no account in “gold”."


def test_a_currency_of_no_group_here_is_refused(world: World, gold: Gold, snapshot: Take) -> None:
    content = refused(world, snapshot, ALICE, "pay", member=BOB, amount="1", currency="gold")
    assert content == "There is no currency usable in this server “gold”."
    content = refused(world, snapshot, ADMIN, "currency add", currency_name="gold")
    assert content == (
        "That economy group change is not possible: this server's economy is in no group, "
        "so name one."
    )


def test_local_group_join_and_leave(world: World, gold: Gold, snapshot: Take) -> None:
    made = world.slash(ADMIN, "group create", kind=GroupKind.LOCAL, name="realm")
    assert made.content == "Created the economy group **realm** (local)."
    world.slash(ADMIN, "currency add", currency_name="gold", group="realm")
    content = refused(world, snapshot, ALICE, "group join", name="realm")
    assert content.startswith("You lack `MANAGE_ECONOMIES`")
    joined = world.slash(ADMIN, "group join", name="realm")
    assert joined.content == "This server joined **realm** (local): its currencies are usable here."
    content = refused(world, snapshot, ADMIN, "group join", name="nowhere")
    assert content == "There is no economy group “nowhere”."
    left = world.slash(ADMIN, "group leave", name="realm")
    assert left.content == "This server left **realm** (local)."


def test_groups_and_rates_in_german(world: World, gold: Gold, snapshot: Take) -> None:
    created = world.slash(ADMIN_DE, "group create", kind=GroupKind.SINGLE, name="heim")
    assert created.content == "Die Wirtschaftsgruppe **heim** (ein Server) ist angelegt."
    world.slash(ADMIN, "currency add", currency_name="gold")
    rate = world.slash(
        ADMIN_DE,
        "rate set",
        from_currency="gold",
        to_currency="credits",
        numerator=3,
        denominator=2,
    )
    assert rate.content == "Kurs gesetzt: 1 gold kauft 3/2 credits."
    wallet = world.slash(ALICE_DE, "wallet")
    assert wallet.content.splitlines() == [
        "**Deine Geldbörse**",
        "• **credits** (Einheit cr): **100,00 cr**",
        "• **gold** (Einheit g): **0,00 g**",
    ]
    content = refused(world, snapshot, ALICE_DE, "currency remove", currency_name="gold")
    assert content.startswith("Dir fehlt `MANAGE_ECONOMIES`")


# --- the leaderboard -------------------------------------------------------------------------


def test_the_leaderboard_counts_only_the_servers_members(world: World) -> None:
    stranger = accounts.open_account(
        world.uow,
        actor(ADMIN),
        economy_id=world.economy.id,
        name=STRANGER.mention,
        owner_id=MemberId(STRANGER.id),
        clock=world.clock,
    ).id
    world.mint(stranger, 50_000)
    world.slash(ALICE, "pay", member=BOB, amount="30")
    answer = world.slash(CAROL, "leaderboard")
    assert answer.content.splitlines() == [
        "**Leaderboard** (valued in credits)",
        f"1. <@{ALICE.id}> · 70.00 cr",
        f"2. <@{BOB.id}> · 30.00 cr",
    ]
    assert world.harness.fake.member_requests[-1]["limit"] == "1000"
    assert answer.via == "followup"
    assert (answer.interaction_id, True) in world.harness.fake.deferrals


def test_a_slow_leaderboard_is_deferred_once(world: World, harness: Harness) -> None:
    harness.stop()
    slow = Harness(harness.container, defer_after=0.0).start()
    try:
        slow.fake.members[GUILD_ID] = [(ALICE.id, ALICE.name)]
        answer = slow.slash(CAROL, "leaderboard")
        assert answer.content.splitlines() == [
            "**Leaderboard** (valued in credits)",
            f"1. <@{ALICE.id}> · 100.00 cr",
        ]
        assert answer.ephemeral
        assert slow.fake.deferrals == [(answer.interaction_id, True)]
        assert slow.fake.unexpected == []
    finally:
        slow.stop()


def test_the_leaderboard_in_a_chosen_currency(world: World, gold: Gold) -> None:
    world.slash(ADMIN, "group create", kind=GroupKind.SINGLE, name="home")
    world.slash(ADMIN, "currency add", currency_name="gold")
    world.slash(
        ADMIN, "rate set", from_currency="credits", to_currency="gold", numerator=1, denominator=4
    )
    world.mint(gold.alice, 100)
    answer = world.slash(BOB, "leaderboard", currency="gold")
    assert answer.content.splitlines() == [
        "**Leaderboard** (valued in gold)",
        f"1. <@{ALICE.id}> · 26.00 g",
        f"2. <@{BOB.id}> · 0.00 g",
    ]
    german = world.slash(BOB_DE, "leaderboard", currency="gold")
    assert german.content.splitlines()[1] == f"1. <@{ALICE.id}> · 26,00 g"


def test_a_leaderboard_in_a_currency_not_used_here_is_refused(
    world: World, gold: Gold, snapshot: Take
) -> None:
    content = refused(world, snapshot, BOB, "leaderboard", currency="gold")
    assert content == "There is no currency usable in this server “gold”."
    german = refused(world, snapshot, BOB_DE, "leaderboard", currency="gold")
    assert german == "Hier nutzbare Währung „gold“ gibt es nicht."


def test_without_the_member_list_the_leaderboard_is_refused(world: World, snapshot: Take) -> None:
    world.harness.fake.members_forbidden = True
    content = refused(world, snapshot, BOB, "leaderboard")
    assert content.startswith("Discord does not give this bot the list of the server's members")
    german = refused(world, snapshot, BOB_DE, "leaderboard")
    assert german.startswith("Discord gibt diesem Bot die Mitgliederliste")


# --- expense categories and lines of credit --------------------------------------------------


def test_categories_lines_of_credit_and_paying_under_them(world: World, snapshot: Take) -> None:
    club = world.open_named("Club", AccountType.CORPORATION, owner=ADMIN)
    world.mint(club.id, 5_000)
    shop = world.open_named("Shop", AccountType.CORPORATION, owner=CAROL)
    made = world.slash(ADMIN, "category create", code="FOOD", name="Food and drink")
    assert made.content == "Created the expense category `food` (Food and drink)."
    content = refused(world, snapshot, ALICE, "category create", code="x", name="X")
    assert content.startswith("You lack `MANAGE_ECONOMIES`")
    listed = world.slash(BOB, "category list")
    assert listed.content.splitlines() == ["**Expense categories**", "• `food` Food and drink"]
    opened = world.slash(
        ADMIN,
        "credit open",
        account="Club",
        member=BOB,
        category="food",
        name="snacks",
        limit="10",
        period=CreditPeriod.WEEK,
    )
    assert opened.content.startswith("Opened a line of credit: `#")
    assert "**snacks**" in opened.content
    assert "10.00 cr of 10.00 cr left this week" in opened.content
    line = int(opened.content.split("`#")[1].split("`")[0])
    content = refused(
        world,
        snapshot,
        BOB,
        "credit pay",
        account="Club",
        amount="12",
        categories="food",
        to_account="Shop",
    )
    assert content == "That exceeds the line of credit: 10.00 cr left this period."
    paid = world.slash(
        BOB, "credit pay", account="Club", amount="4", categories="food", to_account="Shop"
    )
    assert paid.content == (
        f"<@{BOB.id}> paid **4.00 cr** from **Club** to **Shop** under their lines of credit."
    )
    assert world.get(shop.id).balance == 400
    mine = world.slash(BOB, "credit list")
    assert mine.ephemeral
    assert "6.00 cr of 10.00 cr left this week · open" in mine.content
    content = refused(
        world,
        snapshot,
        ALICE,
        "credit pay",
        account="Club",
        amount="1",
        categories="food",
        to_account="Shop",
    )
    assert content == f"<@{ALICE.id}> has no open line of credit on **Club** for “food”."
    limited = world.slash(ADMIN, "credit limit", line=line, limit="20")
    assert "16.00 cr of 20.00 cr" in limited.content
    reset = world.slash(ADMIN, "credit reset", line=line)
    assert "20.00 cr of 20.00 cr" in reset.content
    content = refused(world, snapshot, BOB, "credit close", line=line)
    assert content.startswith("You lack `MANAGE_PERMISSIONS`")
    closed = world.slash(ADMIN, "credit close", line=line)
    assert closed.content.startswith("Terminated a line of credit:")
    assert closed.content.endswith("· terminated")


def test_credit_in_german(world: World, snapshot: Take) -> None:
    world.open_named("Club", AccountType.CORPORATION, owner=ADMIN)
    world.slash(ADMIN, "category create", code="food", name="Essen")
    opened = world.slash(
        ADMIN_DE,
        "credit open",
        account="Club",
        member=BOB,
        category="food",
        name="snacks",
        limit="5",
    )
    assert opened.content.startswith("Kreditlinie eröffnet: `#")
    assert "5,00 cr von 5,00 cr übrig diesen Monat · offen" in opened.content
    listing = world.slash(BOB_DE, "category list")
    assert listing.content.splitlines() == ["**Ausgabenkategorien**", "• `food` Essen"]
    content = refused(world, snapshot, BOB_DE, "category create", code="x", name="X")
    assert content.startswith("Dir fehlt `MANAGE_ECONOMIES`")


def test_the_permission_to_mint_by_reaction_can_be_granted(world: World) -> None:
    answer = world.slash(
        ADMIN, "permissions grant", who=ALICE, permission=Permission.MINT_BY_REACTION
    )
    assert answer.content == f"Granted `MINT_BY_REACTION` to <@{ALICE.id}> in this economy."
    assert groups.list_groups(world.uow) == []


# --- exchanges, subscribers, recurring payments ----------------------------------------------


def test_quote_and_list_exchanges(world: World, gold: Gold, snapshot: Take) -> None:
    world.slash(ADMIN, "group create", kind=GroupKind.SINGLE, name="home")
    world.slash(ADMIN, "currency add", currency_name="gold")
    world.slash(
        ADMIN, "rate set", from_currency="credits", to_currency="gold", numerator=1, denominator=2
    )
    before = snapshot()
    quoted = world.slash(ALICE, "exchange-quote", amount="10", to_currency="gold")
    assert quoted.ephemeral
    assert quoted.content == "Exchanging 10.00 cr now gives **5.00 g** (rate 1/2)."
    assert snapshot() == before
    german = world.slash(ALICE_DE, "exchange-quote", amount="10", to_currency="gold")
    assert german.content == "Ein Tausch von 10,00 cr ergäbe jetzt **5,00 g** (Kurs 1/2)."
    assert world.slash(ALICE, "exchanges").content == "No exchanges from or to this account."
    world.slash(ALICE, "exchange", amount="10", to_currency="gold")
    listing = world.slash(ALICE, "exchanges")
    lines = listing.content.splitlines()
    assert lines[0] == "**Exchanges**"
    assert lines[1].endswith("` 10.00 cr → 5.00 g · completed")
    content = refused(world, snapshot, BOB, "exchanges", account=ALICE.mention)
    assert content.startswith("You lack `VIEW_BALANCE`")


def test_subscribers_of_an_account(world: World, snapshot: Take) -> None:
    assert world.slash(ALICE, "subscribers").content == f"Nobody follows <@{ALICE.id}>."
    world.slash(ALICE, "subscribe")
    answer = world.slash(ALICE, "subscribers")
    assert answer.ephemeral
    assert answer.content == f"Following <@{ALICE.id}>: <@{ALICE.id}>"
    german = world.slash(ALICE_DE, "subscribers")
    assert german.content == f"<@{ALICE.id}> folgen: <@{ALICE.id}>"
    content = refused(world, snapshot, BOB, "subscribers", account=ALICE.mention)
    assert content.startswith("You lack `VIEW_BALANCE`")


def test_payments_of_a_recurring_transfer(world: World, snapshot: Take) -> None:
    answer = world.slash(ALICE, "recurring create", amount="60", interval_days=7, member=BOB)
    number = int(answer.content.split("`#")[1].split("`")[0])
    none = world.slash(ALICE, "recurring payments", number=number)
    assert none.content == f"Recurring transfer #{number} has made no payments yet."
    for _week in range(2):
        world.clock.advance(timedelta(days=7))
        recurring.tick(world.uow, clock=world.clock)
    lines = world.slash(ALICE, "recurring payments", number=number).content.splitlines()
    assert lines[0] == f"**Payments** of recurring transfer #{number}"
    assert lines[1].startswith("• 1. paid <t:")
    assert lines[2].startswith("• 2. failed <t:")
    assert lines[2].endswith(": not enough money")
    german = world.slash(ALICE_DE, "recurring payments", number=number).content.splitlines()
    assert german[1].startswith("• 1. gezahlt <t:")
    content = refused(world, snapshot, BOB, "recurring payments", number=number)
    assert content.startswith("You lack `VIEW_BALANCE`")
