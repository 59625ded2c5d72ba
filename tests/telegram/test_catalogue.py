"""The message catalogue as Telegram shows it: valid HTML with every value escaped.

Completeness, the neutral markup and the error table are tested with the catalogue itself
(tests/runtime/test_catalogue.py).
"""

from __future__ import annotations

import pytest

from communitybot.core import errors
from communitybot.devtools import parse_html
from communitybot.runtime.catalogue import LOCALES, describe_error, placeholders
from communitybot.telegram._i18n import Markup, default_catalogue, escape


@pytest.mark.parametrize("code", sorted(LOCALES))
def test_every_template_is_valid_telegram_html_when_filled(code: str) -> None:
    t = default_catalogue().translator(code)
    for key, template in LOCALES[code].messages.items():
        values = dict.fromkeys(placeholders(template), "<v&>")
        parse_html(t(key, **values))


def test_values_are_escaped_but_markup_is_kept() -> None:
    t = default_catalogue().translator("en")
    text = t("balance.other", name="<b>Eve & co</b>", balance=Markup("<i>1</i>"))
    assert text == "Balance of &lt;b&gt;Eve &amp; co&lt;/b&gt;: <b><i>1</i></b>"
    assert escape("a < b") == "a &lt; b"
    assert escape(Markup("<b>x</b>")) == "<b>x</b>"


def test_the_default_locale_is_configurable() -> None:
    assert default_catalogue().translator("fr").locale == "en"
    assert default_catalogue("de").translator("fr").locale == "de"


def test_error_texts_are_telegram_html() -> None:
    t = default_catalogue().translator("en")
    text = describe_error(errors.UnknownConsumable(ref="<caviar>", known=("drink",)), t)
    assert text == "There is nothing called “&lt;caviar&gt;”. Available: drink."
    assert describe_error(errors.InvalidAmount(text="x", reason="not_a_number"), t).endswith(
        "Accepted: 5, 5.5, 5,50, 5€, €5 or 5.00 EUR (at most two decimals, more than zero)."
    )


def test_german_error_texts() -> None:
    t = default_catalogue().translator("de")
    err = errors.AmountOutOfRange(amount=20000, minimum=1, maximum=10000)
    assert describe_error(err, t) == "200,00 € ist mehr als das Maximum von 100,00 € pro Vorgang."
