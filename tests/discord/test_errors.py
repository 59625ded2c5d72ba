"""The error table, the one error handler of the tree, and the pure helpers of the adapter."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from communitybot.core import errors as e
from communitybot.core.economy import Actor
from communitybot.core.ids import MemberId, RoleId
from communitybot.discord import (
    UNEXPECTED,
    RecentInteractions,
    interaction_key,
    make_actor,
)
from communitybot.discord._parse import bound, rate
from communitybot.discord._present import MESSAGE_MAX, fit, percent
from communitybot.runtime.catalogue import (
    MARKDOWN,
    ErrorContext,
    Markup,
    default_catalogue,
    describe_error,
    mapped_errors,
)
from tests.discord.conftest import ALICE, BOB, World
from tests.discord.harness import GUILD_ID
from tests.runtime.test_catalogue import declared_errors


def test_every_error_outside_the_community_has_its_own_text() -> None:
    wanted = declared_errors() - declared_errors(e.CommunityError)
    assert declared_errors(e.EconomyError) <= wanted
    assert {e.NotFound, e.InvalidAmount, e.IdempotencyKeyConflict} <= wanted
    assert wanted - mapped_errors() == set()


def test_every_refusal_of_the_adapter_has_its_own_text() -> None:
    own = declared_errors(e.AdapterError)
    assert {e.GuildOnly, e.NoUserAccount, e.InvalidRate} <= own
    assert own <= mapped_errors()


EN = default_catalogue(render=MARKDOWN).translator("en")


def test_texts_are_made_from_the_data() -> None:
    ctx = ErrorContext(actor_id=7, unit="cr", accounts={3: Markup("**Shop**")})
    assert describe_error(
        e.InsufficientBalance(account_id=3, balance=150, amount=500, limit=-100), EN, ctx
    ) == (
        "Not enough money on **Shop**: it holds 1.50 cr, this needs 5.00 cr, "
        "and it may not go below -1.00 cr."
    )
    assert describe_error(e.AccountClosed(account_id=4), EN, ctx) == "account #4 is closed."
    assert describe_error(
        e.AlreadyExists(kind="account", field="owner_id", value="7"), EN, ctx
    ) == ("You have an account in this economy already.")
    assert describe_error(e.InvalidSchedule(field="total", value=0), EN) == (
        "The number of payments must be 1 to 100000."
    )
    assert (
        describe_error(
            e.LacksPermission(
                actor="user:7", permission="MANAGE_ECONOMIES", economy_id=None, account_id=None
            ),
            EN,
        )
        == "You lack `MANAGE_ECONOMIES` globally, which is needed to manage economies."
    )


def test_an_unmapped_error_gets_a_neutral_text() -> None:
    class Unforeseen(e.DomainError):
        pass

    # the same text as Telegram's; the class name is for the log, never for the person
    assert describe_error(Unforeseen(), EN) == (
        "That cannot be done. If you think it should work, please tell an admin."
    )


def test_texts_defuse_what_people_typed() -> None:
    text = describe_error(e.UnknownAccountName(ref="@everyone **x**"), EN)
    assert text == "There is no open account called “\\@everyone \\*\\*x\\*\\*” in this economy."


def test_an_unexpected_error_is_logged_and_answered_politely(
    world: World, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the disk is on fire")

    monkeypatch.setattr(world.harness.container.use_cases.economy, "transfer", broken)
    with caplog.at_level(logging.ERROR, logger="communitybot.discord"):
        answer = world.slash(ALICE, "pay", member=BOB, amount="1")
    assert answer.content == UNEXPECTED
    assert answer.ephemeral
    (record,) = [r for r in caplog.records if r.name == "communitybot.discord._bot"]
    assert record.getMessage().startswith("error in /pay (interaction ")
    assert record.exc_info is not None
    assert "the disk is on fire" in str(record.exc_info[1])


def test_an_unknown_command_is_answered(world: World) -> None:
    payload = world.harness.payload(ALICE, "balance")
    payload["data"]["name"] = "gone"
    answer = world.harness.fake.wait_answer(world.harness.dispatch(payload))
    assert answer.content == "This command has just changed; please try again in a minute."


# --- pure helpers ----------------------------------------------------------------------------


def test_the_actor_has_the_members_roles_and_everyone() -> None:
    assert make_actor(5, [11, 12], GUILD_ID) == Actor(
        MemberId(5), frozenset({RoleId(11), RoleId(12), RoleId(GUILD_ID)})
    )
    assert make_actor(5, [], None) == Actor(MemberId(5))
    assert interaction_key(123) == "dc:123"


def test_recent_interactions_are_bounded() -> None:
    recent = RecentInteractions(size=2)
    assert [recent.first_time(i) for i in (1, 2, 1, 3)] == [True, True, False, True]
    assert recent.first_time(1)
    assert not recent.first_time(3)


@pytest.mark.parametrize(
    ("text", "basis_points"),
    [("10", 1_000), ("2.5", 250), ("2,05 %", 205), ("100%", 10_000), ("0", 0), ("150", 15_000)],
)
def test_rates_are_percent_in_basis_points(text: str, basis_points: int) -> None:
    assert rate(text) == basis_points


@pytest.mark.parametrize("text", ["ten", "1.234", "-5", "", "1e2"])
def test_bad_rates_are_refused(text: str) -> None:
    with pytest.raises(e.InvalidRate):
        rate(text)


def test_bounds_allow_zero() -> None:
    assert [bound(t) for t in ("0", "0.00", "00,0", "5", "12.34")] == [0, 0, 0, 500, 1_234]
    with pytest.raises(e.InvalidAmount):
        bound("-1")


def test_percent_and_fit() -> None:
    assert [percent(p) for p in (1_000, 250, 205, 10_000, 1)] == [
        "10 %",
        "2.5 %",
        "2.05 %",
        "100 %",
        "0.01 %",
    ]
    lines = [f"line {i:03d} " + "x" * 40 for i in range(100)]
    text = fit(lines, EN)
    assert len(text) <= MESSAGE_MAX
    kept = text.splitlines()
    assert kept[:-1] == lines[: len(kept) - 1]
    assert kept[-1] == f"… and {100 - len(kept) + 1} more"
    assert fit(["short"], EN) == "short"
