"""The one table from domain error classes to texts of the catalogue, and looking errors up in it.

Each entry builds its text from the error's data and an :class:`ErrorContext`; the entries of
the community's, the economy's and the adapters' errors are registered with :func:`error_text`
in this package. An error without an entry of its own is told by its nearest base class that
has one, else by a neutral text.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from communitybot.core import errors as e
from communitybot.runtime.catalogue._context import ErrorContext
from communitybot.runtime.catalogue._render import Markup
from communitybot.runtime.catalogue._translator import Translator

E = TypeVar("E", bound=e.DomainError)
Describe = Callable[[E, Translator, ErrorContext], Markup]

_log = logging.getLogger("communitybot.runtime.catalogue")
_TABLE: dict[type[e.DomainError], Callable[[Any, Translator, ErrorContext], Markup]] = {}


def error_text(cls: type[E]) -> Callable[[Describe[E]], Describe[E]]:
    """Register the function that tells people about errors of class ``cls``."""

    def register(describe: Describe[E]) -> Describe[E]:
        if cls in _TABLE:
            raise ValueError(f"{cls.__name__} has a text already")
        _TABLE[cls] = describe
        return describe

    return register


def fixed_text(cls: type[e.DomainError], key: str) -> None:
    """Register the text of errors of class ``cls`` that name no value of theirs: the
    catalogue's ``key`` as it stands."""

    @error_text(cls)
    def describe(err: e.DomainError, t: Translator, ctx: ErrorContext) -> Markup:
        return t(key)


def field_text(cls: type[e.DomainError], key: str, **values: str) -> None:
    """Register the text of errors of class ``cls`` that is the catalogue's ``key`` with each
    placeholder of ``values`` filled in with the error's field it names (``id="collective_id"``);
    a name that is no field of ``cls`` is refused here, at import."""
    unknown = set(values.values()) - {field.name for field in dataclasses.fields(cls)}
    if unknown:
        raise ValueError(f"{cls.__name__} has no field {', '.join(sorted(unknown))}")

    @error_text(cls)
    def describe(err: e.DomainError, t: Translator, ctx: ErrorContext) -> Markup:
        return t(key, **{name: getattr(err, field) for name, field in values.items()})


def describe_error(error: e.DomainError, t: Translator, ctx: ErrorContext | None = None) -> Markup:
    """The catalogue text for ``error``; an unmapped subclass uses its nearest mapped base."""
    context = ctx or ErrorContext()
    for cls in type(error).__mro__:
        describe = _TABLE.get(cls)
        if describe is not None:
            return describe(error, t, context)
    # the class name is for the log, never for the person
    _log.warning("no catalogue text for %r; answered with the generic one", error)
    return t("error.generic")


def mapped_errors() -> frozenset[type[e.DomainError]]:
    """Every error class with its own entry in the table."""
    return frozenset(_TABLE)


_ENGINE_ERRORS = (e.InsufficientBalance, e.BalanceOutOfRange, e.SelfTransfer)
"""The money engine's refusals: their ``account_id`` is a user id in the community."""


def user_ids_in(error: e.DomainError) -> set[int]:
    """The user ids a community error names (``user_id``, ``voucher_id``, the ``account_id`` of
    the money engine's refusals, and those of nested problems)."""
    found: set[int] = set()
    names = ["user_id", "voucher_id"]
    if isinstance(error, _ENGINE_ERRORS):
        names.append("account_id")
    for name in names:
        value = getattr(error, name, None)
        if isinstance(value, int):
            found.add(value)
    if isinstance(error, e.SettlementRefused):
        for problem in error.problems:
            found |= user_ids_in(problem)
    return found


__all__ = [
    "Describe",
    "describe_error",
    "error_text",
    "fixed_text",
    "mapped_errors",
    "user_ids_in",
]
