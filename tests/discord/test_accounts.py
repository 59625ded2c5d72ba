"""/balance, /accounts, /transactions and /open-account end to end."""

from __future__ import annotations

from collections.abc import Callable

from communitybot.core.economy import AccountType, Permission, Subject
from communitybot.core.ids import EconomyId
from communitybot.services.economy import accounts, permissions
from tests.conftest import Snapshot
from tests.discord.conftest import ADMIN, ALICE, BOB, CAROL, World, actor
from tests.discord.harness import GUILD_ID
from tests.discord.test_money import refused

Take = Callable[[], Snapshot]


# --- /balance --------------------------------------------------------------------------------


def test_balance_of_ones_own_account_is_private(world: World) -> None:
    answer = world.slash(ALICE, "balance")
    assert answer.content == f"<@{ALICE.id}>: **100.00 cr**"
    assert answer.ephemeral


def test_balance_of_a_named_account_shows_its_limit(world: World) -> None:
    shop = world.open_named("Shop", AccountType.CORPORATION, owner=ALICE)
    accounts.set_account_limit(world.uow, actor(ADMIN), account_id=shop.id, min_balance=-5_000)
    answer = world.slash(ALICE, "balance", account="Shop")
    assert answer.content == "**Shop**: **0.00 cr** (may go down to -50.00 cr)"


def test_balance_of_someone_elses_account_is_refused(world: World, snapshot: Take) -> None:
    content = refused(world, snapshot, BOB, "balance", account=ALICE.mention)
    assert content == (
        f"You lack `VIEW_BALANCE` on <@{ALICE.id}>, which is needed to see a balance."
    )


def test_balance_without_an_account(world: World, snapshot: Take) -> None:
    content = refused(world, snapshot, CAROL, "balance")
    assert content == "You have no account in this economy yet: open one with `/open-account`."


def test_balance_of_an_unknown_account(world: World, snapshot: Take) -> None:
    content = refused(world, snapshot, ALICE, "balance", account="Atlantis")
    assert content == "There is no open account called “Atlantis” in this economy."


# --- /accounts -------------------------------------------------------------------------------


def test_accounts_lists_what_one_may_see(world: World) -> None:
    world.open_named("Shop", AccountType.CORPORATION, owner=ALICE)
    world.open_named("Other", AccountType.CORPORATION, owner=BOB)
    answer = world.slash(ALICE, "accounts")
    assert answer.ephemeral
    assert answer.content.splitlines() == [
        "**Accounts** (2)",
        f"• <@{ALICE.id}> · user · 100.00 cr",
        "• **Shop** · corporation · 0.00 cr",
    ]


def test_accounts_of_an_administrator_list_every_account(world: World) -> None:
    world.open_named("Other", AccountType.CORPORATION, owner=BOB)
    answer = world.slash(ADMIN, "accounts")
    assert answer.content.splitlines() == [
        "**Accounts** (3)",
        f"• <@{ALICE.id}> · user · 100.00 cr",
        f"• <@{BOB.id}> · user · 0.00 cr",
        "• **Other** · corporation · 0.00 cr",
    ]


def test_accounts_without_any(world: World) -> None:
    answer = world.slash(CAROL, "accounts")
    assert answer.content == (
        "You see no accounts in this economy yet: open one with `/open-account`."
    )


# --- /transactions ---------------------------------------------------------------------------


def test_transactions_newest_first_with_signs(world: World) -> None:
    world.slash(ALICE, "pay", member=BOB, amount="5")
    world.slash(BOB, "pay", member=ALICE, amount="2")
    answer = world.slash(ALICE, "transactions")
    assert answer.ephemeral
    lines = answer.content.splitlines()
    assert lines[0] == f"**Transactions of <@{ALICE.id}>** (newest first)"
    assert len(lines) == 4
    assert f"**+2.00 cr** from account #{world.bob_account} · personal" in lines[1]
    assert f"**-5.00 cr** to account #{world.bob_account} · personal" in lines[2]
    assert "**+100.00 cr** from the issuance account · printed" in lines[3]
    assert "<t:" in lines[1]


def test_transactions_count_and_names_of_visible_accounts(world: World) -> None:
    world.slash(ALICE, "pay", member=BOB, amount="1")
    world.slash(ALICE, "pay", member=BOB, amount="2")
    answer = world.slash(ADMIN, "transactions", account=ALICE.mention, count=1)
    lines = answer.content.splitlines()
    assert len(lines) == 2
    assert f"**-2.00 cr** to <@{BOB.id}> · personal" in lines[1]


def test_transactions_of_an_empty_account(world: World) -> None:
    answer = world.slash(BOB, "transactions")
    assert answer.content == f"<@{BOB.id}> has no transactions yet."


def test_transactions_of_someone_elses_account_are_refused(world: World, snapshot: Take) -> None:
    content = refused(world, snapshot, BOB, "transactions", account=ALICE.mention)
    assert "`VIEW_BALANCE`" in content


# --- /open-account ---------------------------------------------------------------------------


def test_open_ones_own_account_named_by_mention(world: World) -> None:
    answer = world.slash(CAROL, "open-account")
    assert answer.content == f"<@{CAROL.id}> opened an account."
    assert not answer.ephemeral
    assert world.balance(CAROL) == 0


def test_open_a_user_account_for_someone(world: World) -> None:
    answer = world.slash(ADMIN, "open-account", owner=CAROL)
    assert answer.content == f"Opened an account for <@{CAROL.id}>."
    assert world.slash(CAROL, "balance").content == f"<@{CAROL.id}>: **0.00 cr**"


def test_open_a_user_account_for_someone_needs_open_special_account(
    world: World, snapshot: Take
) -> None:
    content = refused(world, snapshot, ALICE, "open-account", owner=CAROL)
    assert content.startswith("You lack `OPEN_SPECIAL_ACCOUNT` in this economy")


def test_open_a_special_account_for_someone(world: World) -> None:
    answer = world.slash(
        ADMIN, "open-account", name="Bakery", account_type=AccountType.CORPORATION, owner=CAROL
    )
    assert answer.content == f"Opened the corporation account **Bakery** for <@{CAROL.id}>."
    assert world.slash(CAROL, "balance", account="Bakery").content == "**Bakery**: **0.00 cr**"


def test_open_a_second_user_account_is_refused(world: World, snapshot: Take) -> None:
    content = refused(world, snapshot, ALICE, "open-account", name="second")
    assert content == "You have an account in this economy already."


def test_open_a_taken_name_is_refused(world: World, snapshot: Take) -> None:
    world.open_named("Bakery", AccountType.CORPORATION)
    content = refused(world, snapshot, CAROL, "open-account", name="Bakery")
    assert content == "An account called “Bakery” exists already."


def test_open_a_special_account_needs_its_permission(world: World, snapshot: Take) -> None:
    content = refused(
        world,
        snapshot,
        CAROL,
        "open-account",
        name="Carol Corp",
        account_type=AccountType.CORPORATION,
    )
    assert content == (
        "You lack `OPEN_SPECIAL_ACCOUNT` in this economy, "
        "which is needed to open this kind of account."
    )


def test_open_a_special_account_needs_a_name(world: World, snapshot: Take) -> None:
    content = refused(world, snapshot, ADMIN, "open-account", account_type=AccountType.CHARITY)
    assert content == "A CHARITY account needs a `name`."


def test_open_account_can_be_denied_to_everyone(world: World, snapshot: Take) -> None:
    permissions.set_permissions(
        world.uow,
        actor(ADMIN),
        subject=Subject.role(GUILD_ID),
        permissions=[Permission.OPEN_ACCOUNT],
        economy_id=EconomyId(world.economy.id),
        allowed=False,
    )
    content = refused(world, snapshot, CAROL, "open-account")
    assert content.startswith("You lack `OPEN_ACCOUNT` in this economy")


def test_open_account_with_a_bad_name(world: World, snapshot: Take) -> None:
    content = refused(world, snapshot, ADMIN, "open-account", name="x" * 65, owner=CAROL)
    assert content.endswith("is not a usable account name: use 1 to 64 printable characters.")
