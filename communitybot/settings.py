"""Typed settings, validated once at start and passed down.

Sources, strongest first: keyword arguments, environment variables prefixed ``COMMUNITYBOT_``
(nested sections with ``__``, e.g. ``COMMUNITYBOT_COMMUNITY__MAX_AMOUNT``), a ``.env`` file, the
TOML file (``config/communitybot.toml``, or the path in ``COMMUNITYBOT_CONFIG``), then the defaults.
``config/communitybot.example.toml`` documents every option.
"""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from communitybot.core.articles import COMMAND_NAMES
from communitybot.core.books import zone_of
from communitybot.core.economy import KID_PATTERN, NOTE_SECRET_MIN, NoteKeyring
from communitybot.core.rules import DEFAULT_CONSUMABLES, CommunityRules, Consumable

DEFAULT_CONFIG_FILE = Path("config/communitybot.toml")
DEFAULT_DATABASE_URL = "sqlite:///communitybot.sqlite3"
PLACEHOLDER_SECRETS = frozenset({"", "changeme", "change-me", "secret", "token", "xxx", "123:abc"})


def is_sqlite_url(url: str) -> bool:
    """Whether a SQLAlchemy URL names SQLite (``sqlite:///x.db``, ``sqlite+pysqlite://``)."""
    return url.strip().split(":", 1)[0].split("+", 1)[0].lower() == "sqlite"


_MONEY = re.compile(r"^(?P<sign>-?)(?P<units>[0-9]{1,5})(?:\.(?P<cents>[0-9]{2}))?$")


def _money_to_cents(value: object) -> int:
    """Read a configured amount written as text in currency units (``"100.00"``, ``"-50.00"``)."""
    if isinstance(value, bool) or not isinstance(value, str):
        msg = 'an amount written as text with two decimals, e.g. "100.00" or "-50.00"'
        raise ValueError(msg)
    match = _MONEY.match(value.strip())
    if match is None:
        msg = f'an amount like "100.00" or "-50.00", not {value!r}'
        raise ValueError(msg)
    cents = int(match["units"]) * 100 + int(match["cents"] or 0)
    return -cents if match["sign"] else cents


Money = Annotated[int, BeforeValidator(_money_to_cents)]
"""An amount configured as text in currency units and held in integer cents."""


class ConsumableSettings(BaseModel):
    """One consumable the community sells."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_]{0,31}$", description="command name, e.g. drink")
    price: Money = Field(description='price as text, e.g. "1.00"')
    emoji: str = ""
    description: str = ""

    @model_validator(mode="after")
    def _positive_price(self) -> ConsumableSettings:
        if self.price <= 0:
            msg = "a price above zero"
            raise ValueError(msg)
        return self


def _default_consumables() -> list[ConsumableSettings]:
    return [
        ConsumableSettings(
            name=c.name,
            price=f"{c.price // 100}.{c.price % 100:02d}",
            emoji=c.emoji,
            description=c.description,
        )
        for c in DEFAULT_CONSUMABLES
    ]


class CommunitySettings(BaseModel):
    """The rules of the community: limits, thresholds, consumables. Amounts are text in euros."""

    name: str = Field(default="Community", min_length=1, max_length=255)
    max_amount: Money = Field(default=10_000, gt=0, le=8_388_607)
    min_balance: Money = Field(default=-5_000, le=0, ge=-8_388_608)
    external_min_balance: Money = Field(default=-2_000, le=0, ge=-8_388_608)
    payment_consent: int = Field(default=2, ge=1)
    payment_denial: int = Field(default=2, ge=1)
    max_vouchees: int = Field(default=10, ge=0)
    max_consume: int = Field(default=10, ge=1, le=1000)
    max_open_collectives: int = Field(default=1, ge=1)
    undo_window_seconds: int = Field(default=300, ge=0, le=86_400)
    cash_self_service: bool = False
    payment_expiry_hours: int = Field(
        default=168,
        ge=0,
        le=24 * 366,
        description="hours after which an undecided payment request expires (0: never)",
    )
    payment_expiry_check_seconds: float = Field(
        default=300.0,
        gt=0,
        le=86_400,
        description="how often the bot's job queue closes expired payment requests",
    )
    hide_balances: bool = Field(
        default=False, description="members see no other member's balance (/top, /blame)"
    )
    internal_chats: list[int] = Field(default_factory=list)
    consumables: list[ConsumableSettings] = Field(default_factory=_default_consumables)
    time_zone: str = Field(default="UTC", min_length=1, max_length=64)
    reminders: bool = False
    reminder_below: Money = Field(default=0, le=8_388_607, ge=-8_388_608)

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            zone_of(value)
        except ValueError:
            msg = f"an IANA time zone such as UTC or Europe/Berlin, not {value!r}"
            raise ValueError(msg) from None
        return value

    @model_validator(mode="after")
    def _unique_consumables(self) -> CommunitySettings:
        names = [c.name for c in self.consumables]
        if len(names) != len(set(names)):
            msg = "consumable names that are all different"
            raise ValueError(msg)
        taken = sorted(set(names) & COMMAND_NAMES)
        if taken:
            msg = f"consumable names that are not the bot's commands (not {', '.join(taken)})"
            raise ValueError(msg)
        return self

    def to_rules(self) -> CommunityRules:
        """The pure :class:`~communitybot.core.rules.CommunityRules` the services receive."""
        return CommunityRules(
            community_name=self.name,
            max_amount=self.max_amount,
            min_balance=self.min_balance,
            external_min_balance=self.external_min_balance,
            payment_consent=self.payment_consent,
            payment_denial=self.payment_denial,
            max_vouchees=self.max_vouchees,
            max_consume=self.max_consume,
            max_open_collectives=self.max_open_collectives,
            undo_window_seconds=self.undo_window_seconds,
            cash_self_service=self.cash_self_service,
            payment_expiry_hours=self.payment_expiry_hours,
            hide_balances=self.hide_balances,
            internal_chats=frozenset(self.internal_chats),
            consumables=tuple(
                Consumable(c.name, c.price, c.emoji, c.description) for c in self.consumables
            ),
            time_zone=self.time_zone,
            reminder_below=self.reminder_below if self.reminders else None,
        )


DEVELOPMENT_NOTE_KEY = "development-only-bank-note-signing-key-0000"
"""The signing key of bank notes in development; refused in production."""


class NoteSettings(BaseModel):
    """How bank notes are signed (JWT, HS256): a ring of keys by name (``kid``), the one that
    signs new notes, and how long a note lasts unless its issuer says. Without keys bank notes
    are refused (in development a built-in key signs them)."""

    signing_kid: str = Field(
        default="",
        pattern=r"^([A-Za-z0-9_-]{1,32})?$",
        description="the key of signing_keys that signs new notes",
    )
    signing_keys: dict[str, SecretStr] = Field(
        default_factory=dict,
        description="every key that verifies notes, by kid (at least 32 bytes each); keep an "
        "old key here until the notes it signed expired",
    )
    lifetime_days: int = Field(default=30, ge=1, le=3650)

    @model_validator(mode="after")
    def _current_key_exists(self) -> NoteSettings:
        if not self.signing_keys:
            return self
        if self.signing_kid not in self.signing_keys:
            msg = "notes.signing_kid to name one of notes.signing_keys"
            raise ValueError(msg)
        for kid, secret in self.signing_keys.items():
            if not KID_PATTERN.match(kid):
                msg = "key names (kid) of 1 to 32 of A-Z, a-z, 0-9, _ and -"
                raise ValueError(msg)
            if len(secret.get_secret_value().encode()) < NOTE_SECRET_MIN:
                msg = f"notes.signing_keys of at least {NOTE_SECRET_MIN} bytes each"
                raise ValueError(msg)
        return self

    def keyring(self) -> NoteKeyring | None:
        """The pure :class:`~communitybot.core.economy.NoteKeyring` the services receive;
        ``None`` without keys."""
        if not self.signing_keys:
            return None
        return NoteKeyring(
            current=self.signing_kid,
            secrets={k: v.get_secret_value().encode() for k, v in self.signing_keys.items()},
            lifetime=timedelta(days=self.lifetime_days),
        )


class Settings(BaseSettings):
    """Every option of communitybot. See ``config/communitybot.example.toml``."""

    model_config = SettingsConfigDict(
        env_prefix="COMMUNITYBOT_",
        env_nested_delimiter="__",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="forbid",
        validate_default=True,
    )

    environment: Literal["development", "production"] = "development"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    database_url: str = Field(default=DEFAULT_DATABASE_URL, min_length=1)
    database_echo: bool = False
    database_failover_urls: list[str] = Field(
        default_factory=list,
        description="more servers of the same MySQL/MariaDB database (nodes of one cluster), "
        "used in order when the one in use cannot be reached or is not ready",
    )
    database_wsrep_sync_wait: int | None = Field(
        default=None,
        ge=0,
        le=15,
        description="wsrep_sync_wait of every session on servers that have it (Galera); 1: reads "
        "wait for writes committed on other nodes; None: the server's setting",
    )
    lock_retries: int = Field(default=20, ge=1, le=100)
    bulk_lock_retries: int = Field(
        default=60,
        ge=1,
        le=1000,
        description="attempts of a bulk job (a tax cycle), which pauses up to 5 s between them",
    )
    in_doubt_retry_seconds: float = Field(
        default=10.0,
        ge=0,
        le=300,
        description="Seconds a money-moving command whose COMMIT lost its connection keeps "
        "retrying its idempotency key before answering that the outcome is not known yet",
    )
    health_port: int | None = Field(
        default=None,
        ge=0,
        le=65535,
        description="port of the GET /healthz endpoint of `run` and `discord` (unset: none)",
    )
    health_listen: str = Field(default="127.0.0.1", description="address of /healthz")
    locale: Literal["en", "de"] = "en"
    telegram_token: SecretStr | None = None
    telegram_base_url: str = "https://api.telegram.org/bot"
    telegram_base_file_url: str = "https://api.telegram.org/file/bot"
    telegram_mode: Literal["polling", "webhook"] = "polling"
    telegram_webhook_url: str | None = None
    telegram_webhook_listen: str = "127.0.0.1"
    telegram_webhook_port: int = Field(default=8443, ge=1, le=65535)
    telegram_webhook_secret: SecretStr | None = None
    fee_run_seconds: float = Field(default=3600.0, ge=0)
    telegram_concurrent_updates: int = Field(
        default=16,
        ge=1,
        le=256,
        description="Telegram updates handled at once (each runs its database work in a thread)",
    )
    telegram_profile_cache: int = Field(
        default=1_000,
        ge=0,
        le=1_000_000,
        description="Telegram users whose stored profile the bot remembers (for at most ten "
        "minutes each) so that their next update needs no refresh; 0 refreshes every update",
    )
    worker_threads: int | None = Field(
        default=None,
        ge=1,
        le=512,
        description="Threads that run the chat adapters' database work off the event loop; "
        "None: as many as telegram_concurrent_updates",
    )
    discord_token: SecretStr | None = Field(
        default=None, description="Discord bot token; `communitybot discord` needs it"
    )
    discord_api_base_url: str | None = Field(
        default=None,
        pattern=r"^https?://",
        description="Discord REST API base (e.g. http://127.0.0.1:8080/api/v10) for a fake; "
        "None: discord.py's default",
    )
    discord_mint_emoji: str | None = Field(
        default=None,
        max_length=64,
        description="Emoji whose reaction to a message mints to its author (a unicode emoji such "
        "as 🪙, or a custom emoji by its name or id); None: minting by reaction is off",
    )
    discord_mint_amount: Money = Field(
        default=100,
        validate_default=False,
        gt=0,
        le=1_000_000_000,
        description="What one reaction mints, in the server's currency (text with two decimals)",
    )
    discord_mint_daily_cap: Money = Field(
        default=1_000,
        validate_default=False,
        gt=0,
        le=1_000_000_000_00,
        description="Most one member mints by reaction per UTC day and economy (text, two "
        "decimals)",
    )
    discord_thumbnail_url: str | None = Field(
        default=None,
        pattern=r"^https://",
        description="Image shown as the thumbnail of the Discord bot's notification embeds; "
        "None: the bot's avatar",
    )
    economy_schedule_seconds: float = Field(
        default=60.0,
        ge=0,
        le=86_400,
        description="Seconds between the Discord bot's runs of due recurring transfers and "
        "bank-note expiry; 0: the bot leaves them to `communitybot economy tick` and "
        "`expire-notes` on a timer",
    )
    api_enabled: bool = Field(
        default=False,
        description="`communitybot run` also serves the HTTP API: on api_host:api_port in polling "
        "mode, on the webhook's own server in webhook mode (`communitybot api` serves it alone)",
    )
    api_host: str = Field(default="127.0.0.1", description="Address the HTTP API listens on")
    api_port: int = Field(default=8080, ge=1, le=65535, description="Port of the HTTP API")
    api_max_body_bytes: int = Field(
        default=16_384,
        ge=256,
        le=1_048_576,
        description="Longest request body the HTTP API reads; longer ones get 413",
    )
    community: CommunitySettings = Field(default_factory=CommunitySettings)
    notes: NoteSettings = Field(default_factory=NoteSettings)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Add the TOML file below the environment and ``.env``."""
        toml_file = Path(os.environ.get("COMMUNITYBOT_CONFIG", str(DEFAULT_CONFIG_FILE)))
        toml = TomlConfigSettingsSource(settings_cls, toml_file=toml_file)
        return (init_settings, env_settings, dotenv_settings, toml, file_secret_settings)

    @model_validator(mode="after")
    def _failover_needs_mysql(self) -> Settings:
        urls = (self.database_url, *self.database_failover_urls)
        if self.database_failover_urls and not all(
            url.startswith(("mysql", "mariadb")) for url in urls
        ):
            # (the URLs themselves are not repeated: they may hold a password)
            msg = "MySQL or MariaDB URLs in database_url and database_failover_urls"
            raise ValueError(msg)
        return self

    # Messages of validators say what is expected: they are read as "expected <message>".

    @field_validator("telegram_token", "telegram_webhook_secret", "discord_token")
    @classmethod
    def _refuse_placeholders(
        cls, secret: SecretStr | None, info: ValidationInfo
    ) -> SecretStr | None:
        if info.data.get("environment") != "production" or secret is None:
            return secret
        if secret.get_secret_value().strip().lower() in PLACEHOLDER_SECRETS:
            msg = "a real secret in production, not a placeholder such as changeme"
            raise ValueError(msg)
        return secret

    @model_validator(mode="after")
    def _note_keys(self) -> Settings:
        keys = self.notes.signing_keys
        if not keys and self.environment == "development":
            development = {"dev": SecretStr(DEVELOPMENT_NOTE_KEY)}
            self.notes = self.notes.model_copy(
                update={"signing_kid": "dev", "signing_keys": development}
            )
        if self.environment == "production":
            for secret in keys.values():
                value = secret.get_secret_value()
                if value == DEVELOPMENT_NOTE_KEY or value.strip().lower() in PLACEHOLDER_SECRETS:
                    msg = "real bank note signing keys in production, not the development key"
                    raise ValueError(msg)
        return self

    @field_validator("database_url")
    @classmethod
    def _refuse_sqlite_in_production(cls, url: str, info: ValidationInfo) -> str:
        if info.data.get("environment") == "production" and is_sqlite_url(url):
            msg = (
                "a MySQL or MariaDB server in production (e.g. "
                "mysql+pymysql://user:password@127.0.0.1:3306/communitybot), not SQLite"
            )
            raise ValueError(msg)
        return url

    @model_validator(mode="after")
    def _webhook_needs_url(self) -> Settings:
        if self.telegram_mode == "webhook" and not self.telegram_webhook_url:
            msg = "telegram_webhook_url to be set when telegram_mode is webhook"
            raise ValueError(msg)
        return self


class SettingsError(Exception):
    """Settings could not be read; ``str()`` is one line naming the option and what it expects."""


def describe_validation_error(error: ValidationError) -> str:
    """Turn pydantic's report into one line: the option, its variable, and what is expected."""
    first = error.errors()[0]
    location = ".".join(str(part) for part in first["loc"])
    env_name = "COMMUNITYBOT_" + "__".join(
        str(p).upper() for p in first["loc"] if isinstance(p, str)
    )
    message = str(first["msg"])
    if message.startswith("Value error, "):
        expected = "expected " + message.removeprefix("Value error, ")
    else:
        expected = message[:1].lower() + message[1:]
    more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
    if not location:
        return f"invalid settings: {expected}{more}"
    return f"invalid setting {location} ({env_name}): {expected}{more}"


def load_settings(**overrides: object) -> Settings:
    """Read and validate the settings once; raise :class:`SettingsError` with a one-line reason."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        raise SettingsError(describe_validation_error(error)) from None
    except (OSError, ValueError) as error:  # unreadable or malformed TOML / .env
        raise SettingsError(f"cannot read the settings: {error}") from None


__all__ = [
    "DEFAULT_DATABASE_URL",
    "CommunitySettings",
    "ConsumableSettings",
    "Settings",
    "SettingsError",
    "describe_validation_error",
    "is_sqlite_url",
    "load_settings",
]
