"""Refusals of the community's cash box, deposits and reversals."""

from communitybot.core.errors._base import CommunityError, Conflict, LimitExceeded


class NothingToUndo(CommunityError, Conflict):
    """User ``user_id`` has sent nothing that could be undone."""

    user_id: int


class NotUndoable(CommunityError, Conflict):
    """Transaction ``transaction_id`` cannot be undone by the member: ``reason`` is
    ``"not_own"`` (someone else sent it), ``"kind"`` (not a transfer or a purchase of theirs:
    a treasurer may reverse it) or ``"reversal"`` (it is itself a reversal)."""

    transaction_id: int
    reason: str


class UndoWindowClosed(CommunityError, Conflict):
    """Transaction ``transaction_id`` is older than the undo window (``window_seconds``)."""

    transaction_id: int
    window_seconds: int


class AlreadyReversed(CommunityError, Conflict):
    """Transaction ``transaction_id`` was reversed already, by ``reversal_id``."""

    transaction_id: int
    reversal_id: int


class CashBoxShort(CommunityError, LimitExceeded):
    """The cash box should hold only ``cash`` cents: ``amount`` cannot be taken out."""

    cash: int
    amount: int


class DepositNotPending(CommunityError, Conflict):
    """Deposit ``deposit_id`` no longer waits for a treasurer (it is ``status``)."""

    deposit_id: int
    status: str


class OutOfStock(CommunityError, LimitExceeded):
    """Article ``article`` has only ``stock`` left: ``count`` cannot be sold."""

    article: str
    stock: int
    count: int


__all__ = [
    "AlreadyReversed",
    "CashBoxShort",
    "DepositNotPending",
    "NotUndoable",
    "NothingToUndo",
    "OutOfStock",
    "UndoWindowClosed",
]
