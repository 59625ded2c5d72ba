"""The one message catalogue: complete translations, neutral markup, escaping per platform, and
one text for every domain error."""

from __future__ import annotations

import inspect
import re
from collections import defaultdict
from datetime import UTC, datetime

import pytest

from communitybot.core import errors
from communitybot.runtime.catalogue import (
    HTML,
    LOCALES,
    MARKDOWN,
    PLAIN,
    ErrorContext,
    Markup,
    Translator,
    default_catalogue,
    describe,
    describe_error,
    literal_text,
    mapped_errors,
    placeholders,
)

_TAG = re.compile(r"</?(\w+)>")


@pytest.mark.parametrize("code", sorted(LOCALES))
def test_every_locale_translates_exactly_the_source_keys(code: str) -> None:
    missing, extra = default_catalogue().missing(code)
    assert missing == frozenset()
    assert extra == frozenset()
    source = LOCALES["en"].messages
    for key, template in LOCALES[code].messages.items():
        assert placeholders(template) == placeholders(source[key]), key


def test_the_catalogue_covers_community_economy_and_adapter_texts() -> None:
    keys = LOCALES["en"].messages
    for prefix in ("balance.", "send.", "economy.", "discord.", "error.", "cli."):
        assert any(k.startswith(prefix) for k in keys), prefix


@pytest.mark.parametrize("code", sorted(LOCALES))
def test_templates_use_only_the_neutral_markup(code: str) -> None:
    for key, template in LOCALES[code].messages.items():
        open_tags: list[str] = []
        for match in _TAG.finditer(template):
            tag = match.group(1)
            assert tag in ("b", "i", "code"), (key, tag)
            if match.group(0).startswith("</"):
                assert open_tags, key
                assert open_tags.pop() == tag, key
            else:
                open_tags.append(tag)
        assert open_tags == [], key
        text = literal_text(template)
        # safe as HTML and as markdown alike: a platform's markup comes only from the tags
        assert not re.search(r"[&<>*`\\]|\|\||~~", text), (key, text)
        assert not re.search(r"(?<!\w)_|_(?!\w)", text), (key, text)


def test_no_twin_texts() -> None:
    """Two keys with the same sentence are one text told twice (short words may coincide)."""
    by_text: dict[str, list[str]] = defaultdict(list)
    for key, template in LOCALES["en"].messages.items():
        if len(template.split()) >= 4:
            by_text[template].append(key)
    assert [keys for keys in by_text.values() if len(keys) > 1] == []


AREAS = (errors.CommunityError, errors.EconomyError, errors.AdapterError)
FAMILIES = (
    errors.NotFound,
    errors.NotPermitted,
    errors.LimitExceeded,
    errors.Conflict,
    errors.InvalidInput,
)


def declared_errors(base: type[errors.DomainError] = errors.DomainError) -> set[type]:
    """Every concrete error of the package under ``base`` (itself included): the bases of areas
    and families are never raised, each subclass of theirs is (:class:`NotFound` is both)."""
    found: set[type] = {base}
    todo: list[type] = [base]
    while todo:
        for cls in todo.pop().__subclasses__():
            if cls.__module__.startswith(errors.__name__) and cls not in found:
                found.add(cls)
                todo.append(cls)
    abstract = {errors.DomainError, *AREAS, *FAMILIES} - {errors.NotFound}
    return found - abstract


def test_every_domain_error_has_its_own_text() -> None:
    declared = declared_errors()
    assert len(declared) > 80
    assert declared - mapped_errors() == set()
    # every name the package exports is one of them, a base, or the root
    exported = {cls for _, cls in inspect.getmembers(errors, inspect.isclass)}
    assert exported == declared | {errors.DomainError, *AREAS, *FAMILIES}


def test_errors_are_grouped_by_their_classes() -> None:
    """One family for every refusal (the outcome of a lost commit and a broken set-up aside),
    and an area for every error a part of the bot owns."""
    unfamilied = {c for c in declared_errors() if not issubclass(c, FAMILIES)}
    assert unfamilied == {errors.OutcomeUnknown, errors.ConfigurationError}
    for cls in declared_errors():
        assert sum(issubclass(cls, family) for family in FAMILIES) <= 1, cls
        assert sum(issubclass(cls, area) for area in AREAS) <= 1, cls
    assert errors.UnknownUser in declared_errors(errors.CommunityError)
    assert errors.UnknownUser in declared_errors(errors.NotFound)
    assert errors.LacksPermission in declared_errors(errors.NotPermitted)
    assert errors.GuildOnly in declared_errors(errors.AdapterError)


def test_each_platform_escapes_values_and_renders_the_tags() -> None:
    template = "<b>{name}</b> ran <code>{command}</code>"
    values = {"name": "<i>Bob & *Co*</i> @everyone", "command": "/x `y` *z*"}
    assert HTML.fill(template, values) == (
        "<b>&lt;i&gt;Bob &amp; *Co*&lt;/i&gt; @everyone</b> ran <code>/x `y` *z*</code>"
    )
    assert MARKDOWN.fill(template, values) == (
        "**<i\\>Bob & \\*Co\\*</i\\> \\@everyone** ran `/x ˋyˋ *z*`"
    )
    assert PLAIN.fill(template, values) == "<i>Bob & *Co*</i> @everyone ran /x `y` *z*"
    # text the bot rendered itself passes unchanged
    assert MARKDOWN.fill("{who}", {"who": Markup("<@5>")}) == "<@5>"


def test_values_are_escaped_but_markup_is_kept() -> None:
    t = default_catalogue(render=HTML).translator("en")
    text = t("balance.other", name="<b>Eve & co</b>", balance=Markup("<i>1</i>"))
    assert text == "Balance of &lt;b&gt;Eve &amp; co&lt;/b&gt;: <b><i>1</i></b>"


def test_language_codes_pick_the_locale_and_fall_back_to_the_default() -> None:
    catalogue = default_catalogue()
    assert catalogue.translator("de-AT").locale == "de"
    assert catalogue.translator("en_US").locale == "en"
    assert catalogue.translator("fr").locale == "en"
    assert catalogue.translator(None).locale == "en"
    assert default_catalogue("de").translator("fr").locale == "de"


def test_money_and_dates_follow_the_locale() -> None:
    en = default_catalogue().translator("en")
    de = default_catalogue().translator("de")
    assert en.money(-550) == "-5.50 €"
    assert de.money(123456) == "1234,56 €"
    assert en.money(5, signed=True) == "+0.05 €"
    assert de.money(250, unit="cr") == "2,50 cr"
    assert en.money(250, unit="") == "2.50"
    moment = datetime(2026, 3, 1, 9, 5, tzinfo=UTC)
    assert en.date(moment) == "2026-03-01 09:05"
    assert de.date(moment) == "01.03.2026 09:05"


def test_plural_forms() -> None:
    messages = {"x.one": "{count} item", "x.other": "{count} items"}
    local = Translator(locale="en", messages=messages, fallback=messages)
    assert local.plural("x", 1) == "1 item"
    assert local.plural("x", 3) == "3 items"


def test_community_errors_are_told_from_their_data() -> None:
    t = default_catalogue().translator("en")
    ctx = ErrorContext(actor_id=1, actor_tid=1001, names={2: "Bob"})
    own = errors.InsufficientBalance(account_id=1, balance=-4000, amount=2000, limit=-5000)
    assert describe_error(own, t, ctx) == (
        "You cannot pay 20.00 €: your balance of -40.00 € may not go below -50.00 €."
    )
    other = errors.InsufficientBalance(account_id=2, balance=0, amount=9000, limit=-5000)
    assert describe_error(other, t, ctx).startswith("Bob cannot pay 90.00 €")
    refused = errors.SettlementRefused(
        collective_id=7, problems=(other, errors.InactiveUser(user_id=3))
    )
    text = describe_error(refused, t, ctx)
    assert text.startswith("#7 cannot be settled yet: Bob cannot pay")
    assert "this person is deactivated" in text
    assert describe_error(errors.UnknownUser(ref="1001"), t, ctx) == (
        "I don't know you yet. Please send /start first."
    )
    assert describe_error(errors.NotFound(kind="collective", ref="9"), t, ctx) == (
        "There is no payment request or communism #9."
    )
    assert describe_error(errors.AmountOutOfRange(amount=0, minimum=1, maximum=9), t) == (
        "The amount must be more than zero."
    )
    vote = errors.CommunityActionDenied(user_id=1, action="vote")
    assert describe_error(vote, t, ctx) == (
        "You don't have the permission to vote on payment requests."
    )
    assert "@zed" in describe_error(errors.UnknownUser(ref="@zed"), t, ctx)


def test_economy_errors_name_accounts_and_members_as_the_platform_shows_them() -> None:
    t = default_catalogue(render=MARKDOWN).translator("en")
    ctx = ErrorContext(
        actor_id=7, unit="cr", accounts={3: Markup("**Shop**")}, mention=lambda i: f"<@{i}>"
    )
    assert describe_error(
        errors.InsufficientBalance(account_id=3, balance=150, amount=500, limit=-100), t, ctx
    ) == (
        "Not enough money on **Shop**: it holds 1.50 cr, this needs 5.00 cr, "
        "and it may not go below -1.00 cr."
    )
    assert describe_error(errors.AccountClosed(account_id=4), t, ctx) == "account #4 is closed."
    taken = errors.AlreadyExists(kind="account", field="owner_id", value="8")
    assert describe_error(taken, t, ctx) == "<@8> has an account in this economy already."
    # "٥" is no member number, though int() would read it as 5
    odd = errors.AlreadyExists(kind="account", field="owner_id", value="٥")
    assert describe_error(odd, t, ctx) == "٥ has an account in this economy already."
    assert describe_error(errors.NotFound(kind="recurring_transfer", ref="12"), t, ctx) == (
        "There is no recurring transfer #12."
    )
    de = default_catalogue(render=MARKDOWN).translator("de")
    assert describe_error(errors.AccountClosed(account_id=3), de, ctx) == (
        "**Shop** ist geschlossen."
    )


def test_an_amount_in_an_economy_is_not_offered_in_euros() -> None:
    t = default_catalogue().translator("en")
    amount = errors.InvalidAmount(text="5.555", reason="too_many_decimals")
    community = describe_error(amount, t)
    economy = describe_error(amount, t, ErrorContext(unit="cr"))
    assert "more than two decimals" in community
    assert "EUR" in community
    assert "EUR" not in economy
    assert economy.startswith("“5.555” is not an amount: it has more than two decimals.")


def test_an_unmapped_subclass_uses_its_base_or_the_generic_text() -> None:
    t = default_catalogue().translator("en")

    class Special(errors.CollectiveClosed):
        pass

    assert describe_error(Special(collective_id=3), t) == "#3 is already closed."

    class Unknown(errors.DomainError):
        pass

    # the class name is for the log, never for the person
    assert describe_error(Unknown(), t) == (
        "That cannot be done. If you think it should work, please tell an admin."
    )


def test_describe_is_one_plain_sentence_in_the_asked_language() -> None:
    typed = errors.NotFound(kind="economy", ref="<b>x</b>")
    assert describe(typed) == "There is no economy “<b>x</b>”."
    assert describe(typed, locale="de") == "Wirtschaft „<b>x</b>“ gibt es nicht."
    assert describe(typed, render=HTML) == "There is no economy “&lt;b&gt;x&lt;/b&gt;”."
    grant = errors.LacksPermission(
        actor="user:7", permission="MANAGE_ECONOMIES", economy_id=None, account_id=None
    )
    assert describe(grant) == (
        "You lack MANAGE_ECONOMIES globally, which is needed to manage economies."
    )
    assert describe(
        errors.AmountOutOfRange(amount=20000, minimum=1, maximum=10000), locale="fr"
    ) == ("200.00 € is more than the maximum of 100.00 € per operation.")
