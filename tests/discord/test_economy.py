"""/economy create|register|unregister|info end to end."""

from __future__ import annotations

from collections.abc import Callable

from communitybot.core.ids import GuildId
from communitybot.services.economy import economies
from tests.conftest import Snapshot
from tests.discord.conftest import ADMIN, ALICE, World
from tests.discord.harness import OTHER_GUILD_ID, SimMember
from tests.discord.test_money import refused

Take = Callable[[], Snapshot]


def test_create_an_economy_for_a_server(world: World) -> None:
    answer = world.slash(
        ADMIN, "economy create", guild_id=OTHER_GUILD_ID, currency_name="gold", currency_unit="g"
    )
    assert answer.content == (
        "Created the economy **gold** (unit g) for this server. "
        "Members open their accounts with `/open-account`."
    )
    found = economies.guild_economy(world.uow, guild_id=GuildId(OTHER_GUILD_ID))
    assert found is not None
    assert (found.currency_name, found.currency_unit) == ("gold", "g")
    opened = world.slash(ALICE, "open-account", guild_id=OTHER_GUILD_ID)
    assert opened.content == f"<@{ALICE.id}> opened an account."
    assert world.slash(ALICE, "balance", guild_id=OTHER_GUILD_ID).content.endswith("**0.00 g**")


def test_create_needs_manage_economies_everywhere(world: World, snapshot: Take) -> None:
    content = refused(
        world,
        snapshot,
        ALICE,
        "economy create",
        guild_id=OTHER_GUILD_ID,
        currency_name="gold",
        currency_unit="g",
    )
    assert content == "You lack `MANAGE_ECONOMIES` globally, which is needed to manage economies."


def test_create_refuses_a_taken_name_or_a_server_with_an_economy(
    world: World, snapshot: Take
) -> None:
    content = refused(
        world,
        snapshot,
        ADMIN,
        "economy create",
        guild_id=OTHER_GUILD_ID,
        currency_name="credits",
        currency_unit="c2",
    )
    assert content == "An economy with the currency name “credits” exists already."
    content = refused(
        world, snapshot, ADMIN, "economy create", currency_name="x", currency_unit="x"
    )
    assert content == "This server belongs to an economy already."


def test_create_refuses_a_bad_unit(world: World, snapshot: Take) -> None:
    content = refused(
        world,
        snapshot,
        ADMIN,
        "economy create",
        guild_id=OTHER_GUILD_ID,
        currency_name="gold",
        currency_unit="u" * 17,
    )
    assert content.endswith("is not a usable currency unit: use 1 to 16 printable characters.")


def test_register_and_unregister_another_server(world: World) -> None:
    answer = world.slash(
        ADMIN, "economy register", guild_id=OTHER_GUILD_ID, currency_name="credits"
    )
    assert answer.content == "This server now uses the economy **credits** (unit cr)."
    elsewhere = world.slash(ALICE, "balance", guild_id=OTHER_GUILD_ID)
    assert elsewhere.content == f"<@{ALICE.id}>: **100.00 cr**"
    left = world.slash(ADMIN, "economy unregister", guild_id=OTHER_GUILD_ID)
    assert left.content == "This server left the economy **credits** (unit cr)."
    assert economies.guild_economy(world.uow, guild_id=GuildId(OTHER_GUILD_ID)) is None


def test_register_an_unknown_currency(world: World, snapshot: Take) -> None:
    content = refused(
        world, snapshot, ADMIN, "economy register", guild_id=OTHER_GUILD_ID, currency_name="gold"
    )
    assert content == "There is no economy with the currency “gold”."


def test_register_needs_manage_economies(world: World, snapshot: Take) -> None:
    content = refused(
        world, snapshot, ALICE, "economy register", guild_id=OTHER_GUILD_ID, currency_name="credits"
    )
    assert content == (
        "You lack `MANAGE_ECONOMIES` in this economy, which is needed to manage economies."
    )


def test_the_creating_server_cannot_leave(world: World, snapshot: Take) -> None:
    content = refused(world, snapshot, ADMIN, "economy unregister")
    assert content == "This server created its economy and cannot leave it."


def test_info_without_an_economy(world: World, snapshot: Take) -> None:
    newcomer = SimMember(ALICE.id, ALICE.name)
    content = refused(world, snapshot, newcomer, "economy info", guild_id=OTHER_GUILD_ID)
    assert content.startswith("This server has no economy yet.")
