"""All SQL of ``economy_reaction_mints``: the mints made by an emoji reaction."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from communitybot.core.economy import EntryKind, ReactionMint
from communitybot.core.ids import AccountId, EconomyId, JournalEntryId, MemberId
from communitybot.db.brokers.economy._util import insert_id, one_row, record
from communitybot.db.models.economy import JournalRow
from communitybot.db.models.reactions import ReactionMintRow


def get_mint(session: Session, *, mint_id: int) -> ReactionMint:
    """Mint ``mint_id``; ``NotFound`` when missing."""
    statement = select(ReactionMintRow).where(ReactionMintRow.id == mint_id)
    row = one_row(session, statement, "reaction_mint", mint_id)
    return record(ReactionMint, row[0])


def find_mint_id(session: Session, *, message_id: int, reactor_id: MemberId) -> int | None:
    """The id of the mint ``reactor_id`` made on message ``message_id``, or ``None``."""
    return session.scalar(
        select(ReactionMintRow.id).where(
            ReactionMintRow.message_id == message_id, ReactionMintRow.reactor_id == reactor_id
        )
    )


def minted_on(session: Session, *, economy_id: EconomyId, reactor_id: MemberId, day: date) -> int:
    """What ``reactor_id`` minted by reaction in the economy on UTC day ``day``."""
    total = session.scalar(
        select(func.coalesce(func.sum(ReactionMintRow.amount), 0)).where(
            ReactionMintRow.reactor_id == reactor_id,
            ReactionMintRow.day == day,
            ReactionMintRow.economy_id == economy_id,
        )
    )
    return int(total or 0)


def insert_mint(
    session: Session,
    *,
    economy_id: EconomyId,
    message_id: int,
    reactor_id: MemberId,
    author_id: MemberId,
    account_id: AccountId,
    entry_id: JournalEntryId,
    amount: int,
    now: datetime,
) -> int:
    """Record a mint by reaction; return its id (the unique key refuses a second one for the
    same message and reactor)."""
    return insert_id(
        session,
        int,
        ReactionMintRow,
        economy_id=economy_id,
        message_id=message_id,
        reactor_id=reactor_id,
        author_id=author_id,
        account_id=account_id,
        entry_id=entry_id,
        amount=amount,
        day=now.date(),
        created_at=now,
    )


def list_mismatched(session: Session, *, economy_id: EconomyId) -> list[tuple[int, int, int]]:
    """``(mint id, amount, journal amount)`` of every mint whose journal leg is not a MINT of that
    amount into that account (the journal amount 0 when the leg is another one)."""
    m, j = ReactionMintRow, JournalRow
    matches = (
        (j.kind == EntryKind.MINT) & (j.to_account_id == m.account_id) & (j.amount == m.amount)
    )
    rows = session.execute(
        select(m.id, m.amount, j.amount, matches)
        .join(j, j.id == m.entry_id)
        .where(m.economy_id == economy_id)
        .order_by(m.id)
    ).all()
    return [(int(i), int(amount), int(leg)) for i, amount, leg, ok in rows if not ok]


__all__ = ["find_mint_id", "get_mint", "insert_mint", "list_mismatched", "minted_on"]
