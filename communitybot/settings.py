"""Typed settings, validated once at start and passed down.

Sources, strongest first: keyword arguments, environment variables prefixed ``COMMUNITYBOT_``
(nested sections with ``__``, e.g. ``COMMUNITYBOT_COMMUNITY__MAX_AMOUNT``), a ``.env`` file, the
TOML file (``config/communitybot.toml``, or the path in ``COMMUNITYBOT_CONFIG``), then the defaults.
``config/communitybot.example.toml`` documents every option.
"""

from __future__ import annotations

import os
import re
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

    @model_validator(mode="after")
    def _unique_consumables(self) -> CommunitySettings:
        names = [c.name for c in self.consumables]
        if len(names) != len(set(names)):
            msg = "consumable names that are all different"
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
            payment_expiry_hours=self.payment_expiry_hours,
            hide_balances=self.hide_balances,
            internal_chats=frozenset(self.internal_chats),
            consumables=tuple(
                Consumable(c.name, c.price, c.emoji, c.description) for c in self.consumables
            ),
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
    telegram_concurrent_updates: int = Field(
        default=16,
        ge=1,
        le=256,
        description="Telegram updates handled at once (each runs its database work in a thread)",
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
    economy_schedule_seconds: float = Field(
        default=60.0,
        ge=0,
        le=86_400,
        description="Seconds between the Discord bot's runs of due recurring transfers and "
        "bank-note expiry; 0: the bot leaves them to `communitybot economy tick` and "
        "`expire-notes` on a timer",
    )
    community: CommunitySettings = Field(default_factory=CommunitySettings)

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
