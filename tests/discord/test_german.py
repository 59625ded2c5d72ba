"""Discord in German: members whose Discord client speaks German get every answer, refusal and
list in German (amounts with a decimal comma), others in the configured language."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Engine

from communitybot.bootstrap import Container
from communitybot.core.clock import ManualClock
from communitybot.core.economy import AccountType, Permission, TaxType
from communitybot.db import UnitOfWork
from communitybot.services.economy import notifications
from communitybot.settings import Settings
from tests.conftest import Snapshot
from tests.discord.conftest import ADMIN, ALICE, BOB, STRANGER, World, actor
from tests.discord.harness import SimMember
from tests.discord.test_money import refused

Take = Callable[[], Snapshot]

HANNA = SimMember(100_000_000_000_000_011, "hanna", locale="de")
"""A member whose Discord client is German."""
JEAN = SimMember(100_000_000_000_000_012, "jean", locale="fr")
"""A member whose language the catalogue does not have."""
ADMIN_DE = SimMember(ADMIN.id, ADMIN.name, locale="de")
"""The administrator, from a German client."""


@pytest.fixture
def container(
    engine: Engine, uow: UnitOfWork, clock: ManualClock, request: pytest.FixtureRequest
) -> Container:
    """The bot's container, in the configured ``locale`` the test asks for (default English)."""
    settings = Settings(discord_token=None, locale=getattr(request, "param", "en"))
    return Container(
        settings=settings, engine=engine, uow=uow, rules=settings.community.to_rules(), clock=clock
    )


@pytest.fixture
def hanna(world: World) -> World:
    """Hanna has an account with 20.00 cr."""
    world.mint(world.open(HANNA), 2_000)
    return world


def test_answers_follow_the_interactions_language(hanna: World) -> None:
    assert hanna.slash(HANNA, "balance").content == f"<@{HANNA.id}>: **20,00 cr**"
    paid = hanna.slash(HANNA, "pay", member=BOB, amount="5,5")
    assert paid.content == f"<@{HANNA.id}> hat **5,50 cr** an <@{BOB.id}> gezahlt."
    # the same command from an English client, in the same server, stays English
    assert hanna.slash(ALICE, "pay", member=BOB, amount="1").content == (
        f"<@{ALICE.id}> paid **1.00 cr** to <@{BOB.id}>."
    )
    lines = hanna.slash(HANNA, "transactions").content.splitlines()
    assert lines[0] == f"**Buchungen von <@{HANNA.id}>** (neueste zuerst)"
    assert f"**-5,50 cr** an Konto #{hanna.bob_account} · privat" in lines[1]
    assert "**+20,00 cr** von Ausgabekonto · gedruckt" in lines[2]


def test_refusals_are_german_and_change_nothing(hanna: World, snapshot: Take) -> None:
    assert refused(hanna, snapshot, HANNA, "pay", member=ALICE, amount="50") == (
        f"Nicht genug Geld auf <@{HANNA.id}>: es hat 20,00 cr, nötig sind 50,00 cr, "
        "und es darf nicht unter 0,00 cr fallen."
    )
    assert refused(hanna, snapshot, HANNA, "pay", member=ALICE, amount="-5") == (
        "„-5“ ist kein Betrag: er ist negativ. Möglich sind: 5, 5.5 oder 5,50 "
        "(höchstens zwei Nachkommastellen, mehr als null)."
    )
    assert refused(hanna, snapshot, HANNA, "balance", account="Atlantis") == (
        "In dieser Wirtschaft gibt es kein offenes Konto namens „Atlantis“."
    )
    assert refused(hanna, snapshot, HANNA, "balance", account=ALICE.mention) == (
        f"Dir fehlt `VIEW_BALANCE` auf <@{ALICE.id}>; das brauchst du, um einen Kontostand "
        "zu sehen."
    )
    # refused on the event loop (discord.py resolving the option), before any service call
    assert refused(hanna, snapshot, HANNA, "pay", member=STRANGER, amount="1") == (
        "Das ist kein Mitglied dieses Servers."
    )


def test_a_german_member_without_an_account_is_told_in_german(world: World, snapshot: Take) -> None:
    assert refused(world, snapshot, HANNA, "balance") == (
        "Du hast noch kein Konto in dieser Wirtschaft: eröffne eines mit `/open-account`."
    )
    opened = world.slash(HANNA, "open-account")
    assert opened.content == f"<@{HANNA.id}> hat ein Konto eröffnet."


def test_an_unexpected_error_is_apologised_for_in_german(
    hanna: World, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the disk is on fire")

    monkeypatch.setattr(hanna.harness.container.use_cases.economy, "transfer", broken)
    with caplog.at_level(logging.ERROR, logger="communitybot.discord"):
        answer = hanna.slash(HANNA, "pay", member=BOB, amount="1")
    assert answer.content == (
        "Entschuldigung, bei mir ist etwas schiefgegangen. Es wurde protokolliert; "
        "bitte versuche es später noch einmal."
    )
    assert answer.ephemeral


def test_taxes_and_permissions_in_german(world: World) -> None:
    world.open_named("Treasury", AccountType.GOVERNMENT)
    created = world.slash(
        ADMIN_DE,
        "tax-bracket create",
        name="vat",
        affected_type=AccountType.USER,
        tax_type=TaxType.VAT,
        rate="2,5",
        collector="Treasury",
        end="1000",
    )
    assert created.content == (
        "Steuerstufe angelegt\n• **vat**: MwSt. auf Konten vom Typ Benutzer, 0,00 cr "
        "bis 1000,00 cr, 2,5 % an **Treasury**"
    )
    granted = world.slash(
        ADMIN_DE, "permissions grant", who=BOB, permission=Permission.MANAGE_FUNDS
    )
    assert granted.content == f"`MANAGE_FUNDS` für <@{BOB.id}> in dieser Wirtschaft erlaubt."
    # a preference needs no account
    private = world.slash(HANNA, "private-answers", on=True)
    assert private.content.startswith("Ab jetzt siehst nur du die Antworten des Bots")


def test_a_language_the_catalogue_lacks_gets_the_configured_one(hanna: World) -> None:
    hanna.open(JEAN)
    assert hanna.slash(JEAN, "balance").content == f"<@{JEAN.id}>: **0.00 cr**"


@pytest.mark.parametrize("container", ["de"], indirect=True)
def test_the_configured_locale_serves_other_languages_and_direct_messages(
    hanna: World,
) -> None:
    hanna.open(JEAN)
    assert hanna.slash(JEAN, "balance").content == f"<@{JEAN.id}>: **0,00 cr**"
    # an English client still gets English
    assert hanna.slash(ALICE, "balance").content == f"<@{ALICE.id}>: **100.00 cr**"
    notifications.subscribe(
        hanna.uow, actor(ALICE), account_id=hanna.alice_account, clock=hanna.clock
    )
    hanna.slash(ALICE, "pay", member=BOB, amount="5")
    fake = hanna.harness.fake
    fake.wait_for(lambda: bool(fake.dms_to(ALICE.id)), "sent the direct message")
    assert fake.dms_to(ALICE.id) == [f"<@{ALICE.id}> (credits): **-5,00 cr** (Überweisung)"]
