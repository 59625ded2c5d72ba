"""Settings: defaults, sources, the example file, and one clear line for every mistake."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from pydantic import ValidationError

from communitybot.core.rules import DEFAULT_CONSUMABLES
from communitybot.settings import DEVELOPMENT_NOTE_KEY, Settings, SettingsError, load_settings

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "config" / "communitybot.example.toml"


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No stray COMMUNITYBOT_* variable, .env or config file of the developer leaks in."""
    for name in list(__import__("os").environ):
        if name.startswith("COMMUNITYBOT_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def test_defaults() -> None:
    settings = load_settings()
    assert settings.database_url == "sqlite:///communitybot.sqlite3"
    rules = settings.community.to_rules()
    assert rules.max_amount == 10_000
    assert rules.min_balance == -5_000
    assert rules.external_min_balance == -2_000
    assert (rules.payment_consent, rules.payment_denial) == (2, 2)
    assert (rules.max_vouchees, rules.max_consume, rules.max_open_collectives) == (10, 10, 1)
    assert rules.consumables == DEFAULT_CONSUMABLES


def test_example_file_documents_every_option_with_its_default() -> None:
    example = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    fields = set(Settings.model_fields)
    commented = {
        line.lstrip("# ").split(" =")[0]
        for line in EXAMPLE.read_text(encoding="utf-8").splitlines()
        if line.startswith("# ") and " = " in line
    }
    assert fields <= set(example) | commented
    assert set(example["community"]) == set(
        Settings.model_fields["community"].annotation.model_fields
    )  # type: ignore[union-attr]
    assert Settings(**example) == Settings()


def test_bank_note_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    ring = load_settings().notes.keyring()
    assert ring is not None
    assert ring.current == "dev"  # the development key
    monkeypatch.setenv(
        "COMMUNITYBOT_NOTES__SIGNING_KEYS", '{"a": "' + "x" * 32 + '", "b": "' + "y" * 40 + '"}'
    )
    monkeypatch.setenv("COMMUNITYBOT_NOTES__SIGNING_KID", "b")
    ring = load_settings().notes.keyring()
    assert ring is not None
    assert (ring.current, ring.secret("a"), ring.lifetime.days) == ("b", b"x" * 32, 30)
    monkeypatch.setenv("COMMUNITYBOT_NOTES__SIGNING_KID", "c")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert "notes.signing_kid to name one of notes.signing_keys" in str(caught.value)
    monkeypatch.setenv("COMMUNITYBOT_NOTES__SIGNING_KEYS", '{"a": "short"}')
    monkeypatch.setenv("COMMUNITYBOT_NOTES__SIGNING_KID", "a")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert "at least 32 bytes each" in str(caught.value)


def test_production_has_no_note_keys_unless_given_and_refuses_the_development_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COMMUNITYBOT_ENVIRONMENT", "production")
    monkeypatch.setenv("COMMUNITYBOT_DATABASE_URL", "mysql+pymysql://bot@db/community")
    assert load_settings().notes.keyring() is None
    monkeypatch.setenv(
        "COMMUNITYBOT_NOTES__SIGNING_KEYS", '{"dev": "' + DEVELOPMENT_NOTE_KEY + '"}'
    )
    monkeypatch.setenv("COMMUNITYBOT_NOTES__SIGNING_KID", "dev")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert "real bank note signing keys in production" in str(caught.value)


def test_environment_beats_toml_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    config = tmp_path / "custom.toml"
    config.write_text('locale = "de"\n[community]\nmax_amount = "20.00"\npayment_consent = 3\n')
    monkeypatch.setenv("COMMUNITYBOT_CONFIG", str(config))
    monkeypatch.setenv("COMMUNITYBOT_COMMUNITY__MAX_AMOUNT", "30.50")
    settings = load_settings()
    assert settings.locale == "de"
    assert settings.community.max_amount == 3_050
    assert settings.community.payment_consent == 3


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("COMMUNITYBOT_LOCK_RETRIES", "0", "lock_retries (COMMUNITYBOT_LOCK_RETRIES)"),
        ("COMMUNITYBOT_COMMUNITY__MAX_AMOUNT", "1.234", 'expected an amount like "100.00"'),
        ("COMMUNITYBOT_COMMUNITY__MAX_AMOUNT", "٥.00", 'expected an amount like "100.00"'),
        ("COMMUNITYBOT_COMMUNITY__MIN_BALANCE", "10.00", "community.min_balance"),
        ("COMMUNITYBOT_LOCALE", "fr", "locale (COMMUNITYBOT_LOCALE)"),
        (
            "COMMUNITYBOT_TELEGRAM_MODE",
            "webhook",
            "invalid settings: expected telegram_webhook_url to be set when telegram_mode is "
            "webhook",
        ),
    ],
)
def test_one_clear_line_per_mistake(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, message: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_production_refuses_placeholders(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMMUNITYBOT_ENVIRONMENT", "production")
    monkeypatch.setenv("COMMUNITYBOT_DATABASE_URL", "mysql+pymysql://bot@db/community")
    monkeypatch.setenv("COMMUNITYBOT_TELEGRAM_TOKEN", "changeme")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert str(caught.value) == (
        "invalid setting telegram_token (COMMUNITYBOT_TELEGRAM_TOKEN): expected a real secret in "
        "production, not a placeholder such as changeme"
    )
    monkeypatch.setenv("COMMUNITYBOT_TELEGRAM_TOKEN", "123456:real-looking-token")
    assert load_settings().environment == "production"


@pytest.mark.parametrize(
    "url", [None, "sqlite:///x.db", "sqlite+pysqlite:////var/lib/bot.db", " SQLite:///y.db"]
)
def test_production_refuses_sqlite_altogether(
    monkeypatch: pytest.MonkeyPatch, url: str | None
) -> None:
    monkeypatch.setenv("COMMUNITYBOT_ENVIRONMENT", "production")
    monkeypatch.setenv("COMMUNITYBOT_TELEGRAM_TOKEN", "123456:real-looking-token")
    if url is not None:
        monkeypatch.setenv("COMMUNITYBOT_DATABASE_URL", url)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert str(caught.value) == (
        "invalid setting database_url (COMMUNITYBOT_DATABASE_URL): expected a MySQL or MariaDB "
        "server in production (e.g. mysql+pymysql://user:password@127.0.0.1:3306/communitybot), "
        "not SQLite"
    )
    monkeypatch.setenv("COMMUNITYBOT_ENVIRONMENT", "development")
    assert load_settings().database_url == (url or "sqlite:///communitybot.sqlite3")


def test_cli_reports_a_bad_setting_with_exit_status_2(tmp_path: Path) -> None:
    env = {"COMMUNITYBOT_COMMUNITY__PAYMENT_CONSENT": "zero", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "communitybot", "migrate"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.strip().splitlines() == [
        "communitybot: invalid setting community.payment_consent "
        "(COMMUNITYBOT_COMMUNITY__PAYMENT_CONSENT): input should be a valid integer, "
        "unable to parse string as an integer"
    ]


def test_the_books_settings_reach_the_rules() -> None:
    rules = Settings(
        community={"time_zone": "Europe/Berlin", "reminders": True, "reminder_below": "-10.00"}
    ).community.to_rules()
    assert (rules.time_zone, rules.reminder_below) == ("Europe/Berlin", -1000)
    off = Settings(community={"reminder_below": "-10.00"}).community.to_rules()
    assert off.reminder_below is None
    with pytest.raises(ValidationError, match="IANA time zone"):
        Settings(community={"time_zone": "Mars/Olympus"})


def test_a_consumable_may_not_take_a_command_of_the_bot() -> None:
    with pytest.raises(ValidationError, match=r"not the bot's commands \(not balance, help\)"):
        Settings(
            community={
                "consumables": [
                    {"name": "help", "price": "1.00"},
                    {"name": "balance", "price": "1.00"},
                    {"name": "mate", "price": "1.50"},
                ]
            }
        )
