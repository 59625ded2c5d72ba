"""The message catalogue: complete translations, escaping, and one text per domain error."""

from __future__ import annotations

import inspect
import re
from datetime import UTC, datetime

import pytest

from communitybot.core import errors
from communitybot.devtools import parse_html
from communitybot.telegram._errors import ErrorContext, describe_error, mapped_errors
from communitybot.telegram._i18n import Markup, placeholders
from communitybot.telegram._locales import LOCALES, default_catalogue


def _section_classes(*sections: str) -> set[type[errors.DomainError]]:
    """Error classes declared under the ``# --- <section> ---`` headings of core/errors.py."""
    source = inspect.getsource(errors).splitlines()
    current = ""
    names: set[str] = set()
    for line in source:
        heading = re.match(r"^# --- (\w[\w ]*) ---", line)
        if heading:
            current = heading.group(1).strip()
        declared = re.match(r"^class (\w+)\(", line)
        if declared and current in sections:
            names.add(declared.group(1))
    return {getattr(errors, name) for name in names}


def test_every_generic_and_community_error_has_its_own_text() -> None:
    wanted = _section_classes("generic", "community")
    assert len(wanted) > 30
    assert wanted - mapped_errors() == set()


@pytest.mark.parametrize("code", sorted(LOCALES))
def test_every_locale_translates_exactly_the_source_keys(code: str) -> None:
    catalogue = default_catalogue()
    missing, extra = catalogue.missing(code)
    assert missing == frozenset()
    assert extra == frozenset()
    source = LOCALES["en"].messages
    for key, template in LOCALES[code].messages.items():
        assert placeholders(template) == placeholders(source[key]), key


@pytest.mark.parametrize("code", sorted(LOCALES))
def test_every_template_is_valid_telegram_html_when_filled(code: str) -> None:
    messages = LOCALES[code].messages
    for key, template in messages.items():
        values = dict.fromkeys(placeholders(template), "<v&>")
        t = default_catalogue().translator(code)
        parse_html(t(key, **values))


def test_values_are_escaped_but_markup_is_kept() -> None:
    t = default_catalogue().translator("en")
    text = t("balance.other", name="<b>Eve & co</b>", balance=Markup("<i>1</i>"))
    assert text == "Balance of &lt;b&gt;Eve &amp; co&lt;/b&gt;: <b><i>1</i></b>"


def test_language_codes_pick_the_locale_and_fall_back_to_the_default() -> None:
    catalogue = default_catalogue()
    assert catalogue.translator("de-AT").locale == "de"
    assert catalogue.translator("fr").locale == "en"
    assert catalogue.translator(None).locale == "en"
    assert default_catalogue("de").translator("fr").locale == "de"


def test_money_and_dates_follow_the_locale() -> None:
    en = default_catalogue().translator("en")
    de = default_catalogue().translator("de")
    assert en.money(-550) == "-5.50 €"
    assert de.money(123456) == "1234,56 €"
    assert en.money(5, signed=True) == "+0.05 €"
    moment = datetime(2026, 3, 1, 9, 5, tzinfo=UTC)
    assert en.date(moment) == "2026-03-01 09:05"
    assert de.date(moment) == "01.03.2026 09:05"


def test_plural_forms() -> None:
    t = default_catalogue().translator("en")
    messages = {"x.one": "{count} item", "x.other": "{count} items"}
    local = type(t)(locale="en", messages=messages, fallback=messages)
    assert local.plural("x", 1) == "1 item"
    assert local.plural("x", 3) == "3 items"


def test_error_texts_come_from_the_data() -> None:
    t = default_catalogue().translator("en")
    ctx = ErrorContext(actor_id=1, actor_tid=1001, names={2: "Bob"})
    own = errors.DebtLimitExceeded(user_id=1, balance=-4000, amount=2000, limit=-5000)
    assert describe_error(own, t, ctx) == (
        "You cannot pay 20.00 €: your balance of -40.00 € may not go below -50.00 €."
    )
    other = errors.DebtLimitExceeded(user_id=2, balance=0, amount=9000, limit=-5000)
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
    assert "@zed" in describe_error(errors.UnknownUser(ref="@zed"), t, ctx)
    amount = errors.InvalidAmount(text="5.555", reason="too_many_decimals")
    assert "more than two decimals" in describe_error(amount, t, ctx)


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


def test_german_error_texts() -> None:
    t = default_catalogue().translator("de")
    err = errors.AmountTooLarge(amount=20000, maximum=10000)
    assert describe_error(err, t) == "200,00 € ist mehr als das Maximum von 100,00 € pro Vorgang."
