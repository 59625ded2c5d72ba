"""/tax-brackets, /tax-bracket create|delete and /tax-run (preview and run) end to end."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from communitybot.core.economy import AccountType, TaxType
from communitybot.services.economy import taxes
from tests.conftest import Snapshot
from tests.discord.conftest import ADMIN, ALICE, World
from tests.discord.test_money import refused

Take = Callable[[], Snapshot]


@pytest.fixture
def treasury(world: World) -> int:
    """A GOVERNMENT account collecting taxes."""
    return world.open_named("Treasury", AccountType.GOVERNMENT).id


def wealth_bracket(world: World) -> str:
    """10 % on USER balances above 50.00, collected by the Treasury."""
    return world.slash(
        ADMIN,
        "tax-bracket create",
        name="wealth",
        affected_type=AccountType.USER,
        tax_type=TaxType.WEALTH_MARGINAL,
        rate="10",
        collector="Treasury",
        start="50",
    ).content


def test_brackets_are_listed(world: World, treasury: int) -> None:
    assert world.slash(ALICE, "tax-brackets").content == "This economy has no tax brackets."
    assert wealth_bracket(world) == (
        "Created the tax bracket\n• **wealth**: wealth_marginal on user accounts, "
        "50.00 cr and above, 10 % to **Treasury**"
    )
    world.slash(
        ADMIN,
        "tax-bracket create",
        name="vat",
        affected_type=AccountType.USER,
        tax_type=TaxType.VAT,
        rate="2.5 %",
        collector="Treasury",
        end="1000",
    )
    answer = world.slash(ALICE, "tax-brackets")
    assert answer.ephemeral
    assert answer.content.splitlines() == [
        "**Tax brackets**",
        "• **wealth**: wealth_marginal on user accounts, 50.00 cr and above, 10 % to "
        f"account #{treasury}",
        f"• **vat**: vat on user accounts, 0.00 cr to 1000.00 cr, 2.5 % to account #{treasury}",
    ]
    admin_view = world.slash(ADMIN, "tax-brackets").content
    assert admin_view.endswith("2.5 % to **Treasury**")


def test_delete_a_bracket(world: World, treasury: int) -> None:
    wealth_bracket(world)
    answer = world.slash(ADMIN, "tax-bracket delete", name="wealth")
    assert answer.content == "Deleted the tax bracket “wealth”."
    assert taxes.list_tax_brackets(world.uow, economy_id=world.economy.id) == []


def test_delete_an_unknown_bracket(world: World, snapshot: Take) -> None:
    content = refused(world, snapshot, ADMIN, "tax-bracket delete", name="nope")
    assert content == "There is no tax bracket “nope”."


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"rate": "ten"}, "“ten” is not a rate: write a percentage from 0 to 100"),
        (
            {"rate": "150"},
            "Tax bracket “wealth” is not possible: the rate must be from 0 to 100 %.",
        ),
        ({"start": "-5"}, "“-5” is not an amount: it is negative."),
        (
            {"start": "10", "end": "5"},
            "Tax bracket “wealth” is not possible: the end must be above the start.",
        ),
        ({"collector": "Atlantis"}, "There is no open account called “Atlantis”"),
    ],
)
def test_create_refuses_a_bad_bracket(
    world: World, treasury: int, snapshot: Take, options: dict[str, str], expected: str
) -> None:
    values: dict[str, object] = {
        "name": "wealth",
        "affected_type": AccountType.USER,
        "tax_type": TaxType.WEALTH_MARGINAL,
        "rate": "10",
        "collector": "Treasury",
        **options,
    }
    content = refused(world, snapshot, ADMIN, "tax-bracket create", **values)
    assert content.startswith(expected)


def test_create_refuses_an_overlap(world: World, treasury: int, snapshot: Take) -> None:
    wealth_bracket(world)
    content = refused(
        world,
        snapshot,
        ADMIN,
        "tax-bracket create",
        name="more",
        affected_type=AccountType.USER,
        tax_type=TaxType.WEALTH_MARGINAL,
        rate="20",
        collector="Treasury",
        start="60",
    )
    assert content == ("Tax bracket “more” overlaps “wealth” (same account type and tax type).")


def test_create_needs_manage_tax_brackets(world: World, treasury: int, snapshot: Take) -> None:
    content = refused(
        world,
        snapshot,
        ALICE,
        "tax-bracket create",
        name="mine",
        affected_type=AccountType.USER,
        tax_type=TaxType.WEALTH_FLAT,
        rate="1",
        collector="Treasury",
    )
    assert content == (
        "You lack `MANAGE_TAX_BRACKETS` in this economy, which is needed to manage taxes."
    )


def test_tax_run_previews_without_changing_anything(
    world: World, treasury: int, snapshot: Take
) -> None:
    wealth_bracket(world)
    before = snapshot()
    answer = world.slash(ADMIN, "tax-run", period="2026-03")
    assert answer.ephemeral
    assert answer.content.splitlines() == [
        "A tax cycle for **2026-03** would collect **5.00 cr** from 1 account(s):",
        "• **Treasury** receives 5.00 cr",
        "Run it with `/tax-run period:2026-03 confirm:True`.",
    ]
    assert snapshot() == before


def test_tax_run_collects_once_per_period(world: World, treasury: int, snapshot: Take) -> None:
    wealth_bracket(world)
    answer = world.slash(ADMIN, "tax-run", period="2026-03", confirm=True)
    assert not answer.ephemeral
    assert answer.content.startswith(
        "Tax cycle **2026-03**: collected **5.00 cr** in 1 payment(s) ("
    )
    assert world.balance(ALICE) == 9_500
    assert world.get(treasury).balance == 500
    before = snapshot()
    again = world.slash(ADMIN, "tax-run", period="2026-03", confirm=True)
    assert again.content == answer.content
    assert snapshot() == before


def test_tax_run_needs_manage_tax_brackets(world: World, treasury: int, snapshot: Take) -> None:
    wealth_bracket(world)
    for confirm in (False, True):
        content = refused(world, snapshot, ALICE, "tax-run", period="2026-03", confirm=confirm)
        assert content.startswith("You lack `MANAGE_TAX_BRACKETS` in this economy")


def test_tax_run_refuses_a_bad_period(world: World, snapshot: Take) -> None:
    content = refused(world, snapshot, ADMIN, "tax-run", period="x" * 33, confirm=True)
    assert content == "“xxxxxxxxxxxxxxxxxxxxxxx…” cannot name a tax period: use 1 to 32 characters."
