"""Expense categories of an economy: what lines of credit (:mod:`.authorizations`) are for.

Its administrators (``MANAGE_ECONOMIES`` there) define them; code and name are unique in the
economy (``AlreadyExists``).
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy.orm import Session

from communitybot.core.clock import Clock
from communitybot.core.economy import (
    CODE_MAX,
    DESCRIPTION_MAX,
    NAME_MAX,
    ExpenseCategory,
    Permission,
    Principal,
)
from communitybot.core.errors import (
    AlreadyExists,
    InvalidName,
    NotFound,
)
from communitybot.core.ids import (
    EconomyId,
    ExpenseCategoryId,
)
from communitybot.db.brokers.economy import authorizations as auth_broker
from communitybot.db.brokers.economy import economies as economy_broker
from communitybot.db.uow import UnitOfWork
from communitybot.services.economy._audited import category_created
from communitybot.services.economy._common import (
    SYSTEM_CLOCK,
    authorize,
    clean_name,
    run_unique,
)


def _optional_text(kind: str, text: str | None) -> str | None:
    if text is None:
        return None
    cleaned = text.strip()
    if len(cleaned) > DESCRIPTION_MAX or any(ord(c) < 32 for c in cleaned):
        raise InvalidName(kind=kind, name=text, maximum=DESCRIPTION_MAX)
    return cleaned or None


def create_expense_category(
    uow: UnitOfWork,
    principal: Principal,
    *,
    economy_id: EconomyId,
    code: str,
    name: str,
    description: str | None = None,
    reference: str | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> ExpenseCategory:
    """Create an expense category. Needs ``MANAGE_ECONOMIES`` in the economy.

    Codes are machine-readable and kept in lower case (``"FOOD"`` is ``"food"``). Refuses
    ``AlreadyExists`` (``field`` ``code`` or ``name``: both are unique in the economy;
    names compare as the database collation does, ignoring case on MySQL/MariaDB) and
    ``InvalidName``.
    """
    clean_code = clean_name("expense_category_code", code, CODE_MAX).lower()
    clean = clean_name("expense_category", name, NAME_MAX)
    about = _optional_text("expense_category_description", description)
    ref = _optional_text("expense_category_reference", reference)

    def run(session: Session) -> ExpenseCategory:
        economy = economy_broker.get_economy(session, economy_id=economy_id)
        authorize(session, principal, Permission.MANAGE_ECONOMIES, economy_id=economy.id)
        if auth_broker.find_category_by(session, economy_id=economy.id, code=clean_code):
            raise AlreadyExists(kind="expense_category", field="code", value=clean_code)
        if auth_broker.find_category_by(session, economy_id=economy.id, name=clean):
            raise AlreadyExists(kind="expense_category", field="name", value=clean)
        category_id = auth_broker.insert_category(
            session,
            economy_id=economy.id,
            code=clean_code,
            name=clean,
            description=about,
            reference=ref,
            now=clock.now(),
        )
        category = auth_broker.get_category(session, category_id=category_id)
        return category_created(session, principal, category)

    return run_unique(uow, run)


def find_expense_category(
    uow: UnitOfWork, *, economy_id: EconomyId, name: str
) -> ExpenseCategory | None:
    """The category called ``name`` in the economy (the resolver people use), or ``None``."""
    return uow.read(
        lambda session: auth_broker.find_category_by(
            session, economy_id=economy_id, name=name.strip()
        )
    )


def get_expense_category_by_name(
    uow: UnitOfWork, *, economy_id: EconomyId, name: str
) -> ExpenseCategory:
    """The category called ``name``; ``NotFound`` when there is none."""
    found = find_expense_category(uow, economy_id=economy_id, name=name)
    if found is None:
        raise NotFound(kind="expense_category", ref=name)
    return found


def get_expense_category_id_by_code(
    uow: UnitOfWork, *, economy_id: EconomyId, code: str
) -> ExpenseCategoryId:
    """The id of the category with ``code``; ``NotFound`` when there is none."""
    return uow.read(
        lambda session: auth_broker.get_category_id_by_code(
            session, economy_id=economy_id, code=code.strip().lower()
        )
    )


def get_expense_category_ids_by_codes(
    uow: UnitOfWork, *, economy_id: EconomyId, codes: Collection[str]
) -> set[ExpenseCategoryId]:
    """The ids of the categories with these codes; fewer when some do not exist."""
    found = uow.read(
        lambda session: auth_broker.list_categories_by_codes(
            session, economy_id=economy_id, codes=[c.strip().lower() for c in codes]
        )
    )
    return {category.id for category in found}


def list_expense_categories(uow: UnitOfWork, *, economy_id: EconomyId) -> list[ExpenseCategory]:
    """Every category of an economy, by code."""
    return uow.read(lambda session: auth_broker.list_categories(session, economy_id=economy_id))


__all__ = [
    "create_expense_category",
    "find_expense_category",
    "get_expense_category_by_name",
    "get_expense_category_id_by_code",
    "get_expense_category_ids_by_codes",
    "list_expense_categories",
]
