"""/permissions grant|deny|reset|list end to end, with members, roles and account scopes."""

from __future__ import annotations

from collections.abc import Callable

from communitybot.core.economy import AccountType, Permission
from tests.conftest import Snapshot
from tests.discord.conftest import ADMIN, ALICE, BOB, CAROL, TREASURER, World
from tests.discord.harness import GUILD_ID, SimMember, SimRole
from tests.discord.test_money import refused

Take = Callable[[], Snapshot]


def test_grant_to_a_member_lets_them_act(world: World) -> None:
    answer = world.slash(ADMIN, "permissions grant", who=CAROL, permission=Permission.MANAGE_FUNDS)
    assert answer.content == f"Granted `MANAGE_FUNDS` to <@{CAROL.id}> in this economy."
    assert not answer.ephemeral
    printed = world.slash(CAROL, "print", amount="4", member=BOB)
    assert printed.content == f"Printed **4.00 cr** into <@{BOB.id}>."


def test_grant_to_a_role_reaches_its_members(world: World) -> None:
    answer = world.slash(
        ADMIN, "permissions grant", who=TREASURER, permission=Permission.MANAGE_FUNDS
    )
    assert answer.content == f"Granted `MANAGE_FUNDS` to <@&{TREASURER.id}> in this economy."
    with_role = SimMember(CAROL.id, CAROL.name, roles=(TREASURER.id,))
    assert world.slash(with_role, "print", amount="1", member=BOB).content.startswith("Printed")
    assert world.slash(CAROL, "print", amount="1", member=BOB).content.startswith("You lack")


def test_a_rule_for_everyone(world: World) -> None:
    everyone = SimRole(GUILD_ID, "@everyone")
    answer = world.slash(
        ADMIN, "permissions deny", who=everyone, permission=Permission.OPEN_ACCOUNT
    )
    assert answer.content == "Denied `OPEN_ACCOUNT` to @everyone in this economy."
    assert world.slash(CAROL, "open-account").content.startswith("You lack `OPEN_ACCOUNT`")


def test_deny_beats_an_owners_default(world: World, snapshot: Take) -> None:
    world.slash(ADMIN, "permissions deny", who=ALICE, permission=Permission.TRANSFER_FUNDS)
    content = refused(world, snapshot, ALICE, "pay", member=BOB, amount="1")
    assert content.startswith(f"You lack `TRANSFER_FUNDS` on <@{ALICE.id}>")


def test_an_owner_delegates_on_their_account_and_resets(world: World, snapshot: Take) -> None:
    shop = world.open_named("Shop", AccountType.CORPORATION, owner=ALICE)
    world.mint(shop.id, 1_000)
    answer = world.slash(
        ALICE,
        "permissions grant",
        who=BOB,
        permission=Permission.TRANSFER_FUNDS,
        account="Shop",
    )
    assert answer.content == f"Granted `TRANSFER_FUNDS` to <@{BOB.id}> on **Shop**."
    paid = world.slash(BOB, "pay", member=ALICE, amount="2", from_account="Shop")
    assert paid.content == f"**Shop** paid **2.00 cr** to <@{ALICE.id}>."
    reset = world.slash(
        ALICE, "permissions reset", who=BOB, permission=Permission.TRANSFER_FUNDS, account="Shop"
    )
    assert reset.content == (
        f"Reset `TRANSFER_FUNDS` for <@{BOB.id}> on **Shop**: the defaults decide again "
        "(1 rule(s) removed)."
    )
    content = refused(world, snapshot, BOB, "pay", member=ALICE, amount="2", from_account="Shop")
    assert content.startswith("You lack `TRANSFER_FUNDS` on **Shop**")


def test_nobody_hands_out_more_than_they_hold(world: World, snapshot: Take) -> None:
    world.open_named("Shop", AccountType.CORPORATION, owner=ALICE)
    content = refused(
        world,
        snapshot,
        ALICE,
        "permissions grant",
        who=ALICE,
        permission=Permission.MANAGE_FUNDS,
        account="Shop",
    )
    assert content == (
        "You do not hold `MANAGE_FUNDS` on **Shop** yourself, so you cannot grant, deny or "
        "reset it there."
    )


def test_granting_needs_manage_permissions(world: World, snapshot: Take) -> None:
    content = refused(
        world, snapshot, ALICE, "permissions grant", who=ALICE, permission=Permission.MANAGE_FUNDS
    )
    assert content == (
        "You lack `MANAGE_PERMISSIONS` in this economy, which is needed to change permissions."
    )


def test_private_answers_switch_on_and_off_end_to_end(world: World, snapshot: Take) -> None:
    assert not world.slash(ADMIN, "print", amount="1", member=BOB).ephemeral
    # The first administrator holds every power but no preference, and may hand one out.
    granted = world.slash(
        ADMIN, "permissions grant", who=ADMIN, permission=Permission.USES_EPHEMERAL
    )
    assert granted.content == f"Granted `USES_EPHEMERAL` to <@{ADMIN.id}> in this economy."
    printed = world.slash(ADMIN, "print", amount="1", member=BOB)
    assert printed.content == f"Printed **1.00 cr** into <@{BOB.id}>."
    assert printed.ephemeral
    world.slash(ADMIN, "permissions grant", who=BOB, permission=Permission.USES_EPHEMERAL)
    assert world.slash(BOB, "pay", member=ALICE, amount="1").ephemeral
    # A member sets their own preference; nobody else's.
    content = refused(
        world,
        snapshot,
        ALICE,
        "permissions grant",
        who=CAROL,
        permission=Permission.USES_EPHEMERAL,
    )
    assert content == (
        "You lack `MANAGE_PERMISSIONS` in this economy, which is needed to change permissions."
    )
    on = world.slash(ALICE, "private-answers", on=True)
    assert on.ephemeral
    assert on.content.startswith("From now on only you see the bot's answers")
    paid = world.slash(ALICE, "pay", member=BOB, amount="2")
    assert paid.content == f"<@{ALICE.id}> paid **2.00 cr** to <@{BOB.id}>."
    assert paid.ephemeral
    # A role's preference does not override the member's own choice.
    everyone = SimRole(GUILD_ID, "@everyone")
    world.slash(ADMIN, "permissions grant", who=everyone, permission=Permission.USES_EPHEMERAL)
    off = world.slash(ALICE, "private-answers", on=False)
    assert off.content.startswith("From now on the bot answers your actions in this economy in")
    assert not world.slash(ALICE, "pay", member=BOB, amount="2").ephemeral
    opened = world.slash(CAROL, "open-account")
    assert opened.content == f"<@{CAROL.id}> opened an account."
    assert opened.ephemeral
    reset = world.slash(ALICE, "permissions reset", who=ALICE, permission=Permission.USES_EPHEMERAL)
    assert reset.content.endswith("the defaults decide again (1 rule(s) removed).")
    assert world.slash(ALICE, "pay", member=BOB, amount="2").ephemeral
    assert world.balance(ALICE) == 10_000 + 100 - 600


def test_a_global_rule(world: World) -> None:
    answer = world.slash(
        ADMIN,
        "permissions grant",
        who=CAROL,
        permission=Permission.MANAGE_ECONOMIES,
        everywhere=True,
    )
    assert answer.content == f"Granted `MANAGE_ECONOMIES` to <@{CAROL.id}> everywhere."
    listing = world.slash(CAROL, "permissions list")
    assert listing.content.splitlines() == [
        f"**Rules about <@{CAROL.id}>**",
        "• `MANAGE_ECONOMIES` granted everywhere",
    ]


def test_list_rules(world: World) -> None:
    shop = world.open_named("Shop", AccountType.CORPORATION, owner=ALICE)
    world.slash(
        ALICE, "permissions grant", who=BOB, permission=Permission.VIEW_BALANCE, account="Shop"
    )
    world.slash(ADMIN, "permissions deny", who=BOB, permission=Permission.OPEN_ACCOUNT)
    answer = world.slash(ADMIN, "permissions list", who=BOB)
    assert answer.ephemeral
    assert sorted(answer.content.splitlines()[1:]) == [
        "• `OPEN_ACCOUNT` denied in this economy",
        "• `VIEW_BALANCE` granted on **Shop**",
    ]
    assert shop.id
    assert world.slash(CAROL, "permissions list").content == (
        f"No rules about <@{CAROL.id}>: the defaults decide."
    )


def test_listing_someone_elses_rules_needs_manage_permissions(world: World, snapshot: Take) -> None:
    content = refused(world, snapshot, ALICE, "permissions list", who=BOB)
    assert content.startswith("You lack `MANAGE_PERMISSIONS` in this economy")


def test_a_rule_on_an_unknown_account(world: World, snapshot: Take) -> None:
    content = refused(
        world,
        snapshot,
        ADMIN,
        "permissions grant",
        who=BOB,
        permission=Permission.VIEW_BALANCE,
        account="Atlantis",
    )
    assert content == "There is no open account called “Atlantis” in this economy."
