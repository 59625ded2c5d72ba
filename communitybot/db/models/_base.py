"""Declarative base with a naming convention, so constraint names are stable across dialects."""

from __future__ import annotations

from typing import Any

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
}

MYSQL_TABLE_ARGS = {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"}
"""Every table is InnoDB in utf8mb4 on MySQL/MariaDB."""


class Base(DeclarativeBase):
    """Base class of every mapped table; a table without ``__table_args__`` of its own gets
    :data:`MYSQL_TABLE_ARGS` (one with its own ends them with it)."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    __table_args__: Any = MYSQL_TABLE_ARGS


__all__ = ["MYSQL_TABLE_ARGS", "NAMING_CONVENTION", "Base"]
