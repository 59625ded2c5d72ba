"""Tax cycles (preview and run); the brackets they apply are kept by
:mod:`~communitybot.services.economy.tax_brackets` (re-exported here).

A cycle opens with one short transaction that fixes what it counts (the income "since the
previous cycle", see below) and records the period, so a period is taxed once: running it again
returns the first run. It then assesses the economy's accounts in chunks by ascending id, each
chunk one transaction of a few set-based statements, whatever its size: lock the chunk's accounts
and the collecting accounts in ascending id order, journal every line with one
``INSERT ... SELECT``, debit the payers with one relative ``UPDATE ... JOIN``, credit the
collecting accounts, queue the subscribers' notifications and record how far the cycle got. A
cycle that stopped half way (the process died, the database went away) is finished by the next
run of any period before a new one opens; wealth taxes use each account's balance when its chunk
runs.

Chunks exist for clusters: on Galera every transfer committed on another node while a
transaction runs makes it fail certification if it touched one of its rows, so one transaction
over all accounts never lands under steady traffic. Where ids interleave (such a cluster) a chunk
starts at :data:`CHUNK_ACCOUNTS` accounts and halves on every failed attempt (down to one
account), so it lands whatever the traffic; after a chunk lands the next one may be twice as big
again. On one writer the first chunk takes every account, and the transaction that opens the
cycle runs it over the accounts it locked anyway: one commit and one lock of every account are
the cheapest (a crash there leaves no cycle behind, as if it had not started).

Income "since the previous cycle" is counted by journal id: a cycle counts the ids up to the
highest it sees when it opens (its watermark), the next one those above. On one server (and on
TiDB) the opening transaction locks the economy's accounts first, so it waits for every transfer
still open there and no row can commit later under a lower id. Where several writers hand out
interleaved ids (Galera or Group Replication multi-primary), a transfer on another node can commit
after the cycle opened with an id below its watermark; there a cycle counts only the income
created up to :data:`LATE_COMMIT_WINDOW` before it opens, and the next cycle also counts the rows
with lower ids that the previous one left for later (see
:class:`~communitybot.db.brokers.economy.taxes.LateRows`). The opening and the chunks run with
the unit of work's bulk retries (:meth:`~communitybot.db.uow.UnitOfWork.for_bulk`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from communitybot.core.clock import Clock
from communitybot.core.economy import (
    PERIOD_MAX,
    Permission,
    Principal,
    TaxBracket,
    TaxCycle,
    TaxLine,
    account_limits,
    revenue_by_account,
)
from communitybot.core.errors import (
    InvalidPeriod,
)
from communitybot.core.ids import AccountId, EconomyId, TaxCycleId
from communitybot.core.ledger import check_movement
from communitybot.db.brokers.economy import accounts as account_broker
from communitybot.db.brokers.economy import economies as economy_broker
from communitybot.db.brokers.economy import journal as journal_broker
from communitybot.db.brokers.economy import notifications as outbox
from communitybot.db.brokers.economy import taxes as tax_broker
from communitybot.db.uow import UnitOfWork
from communitybot.services.economy._common import (
    SYSTEM_CLOCK,
    authorize,
    run_unique,
)
from communitybot.services.economy.tax_brackets import (
    create_tax_bracket,
    delete_tax_bracket,
    get_tax_bracket,
    list_tax_brackets,
)

LATE_COMMIT_WINDOW = timedelta(minutes=10)
"""Where ids interleave, income created this long before a cycle is left to the next cycle: far
longer than a unit of work can stay open (20 attempts, each waiting at most 10 s for a lock),
with room for clocks of the bot's hosts that differ by a minute or two."""


def _late_rows(
    session: Session,
    *,
    economy_id: EconomyId,
    now: datetime,
    window: timedelta | None,
    interleave: bool | None = None,
) -> tax_broker.LateRows | None:
    """How income is counted now: ``None`` by id alone (one writer), else the rows created up
    to ``window`` (default :data:`LATE_COMMIT_WINDOW`) ago and those the previous cycle left.
    ``interleave``: whether ids interleave here, if the caller asked already."""
    if window is None:
        if interleave is None:
            interleave = tax_broker.ids_interleave(session)
        window = LATE_COMMIT_WINDOW if interleave else timedelta(0)
    if window <= timedelta(0):
        return None
    previous = tax_broker.last_cycle(session, economy_id=economy_id)
    return tax_broker.LateRows(
        since=None if previous is None else previous.created_at - window, until=now - window
    )


@dataclass(frozen=True, slots=True)
class TaxPreview:
    """Who would pay what if a cycle ran now (income counted in journal ids ``(since, until]``;
    where ids interleave, as the module describes)."""

    economy_id: EconomyId
    since: int
    until: int
    lines: tuple[TaxLine, ...]

    @property
    def total(self) -> int:
        """What the cycle would collect."""
        return sum(line.collected for line in self.lines)

    @property
    def revenue(self) -> dict[AccountId, int]:
        """What each collecting account would receive."""
        return revenue_by_account(self.lines)


def preview_tax_cycle(
    uow: UnitOfWork,
    principal: Principal,
    *,
    economy_id: EconomyId,
    clock: Clock = SYSTEM_CLOCK,
    late_commit_window: timedelta | None = None,
) -> TaxPreview:
    """The lines a cycle would collect now. Needs ``MANAGE_TAX_BRACKETS`` in the economy.

    ``late_commit_window`` as for :func:`run_tax_cycle`.
    """

    def run(session: Session) -> TaxPreview:
        economy = economy_broker.get_economy(session, economy_id=economy_id)
        authorize(session, principal, Permission.MANAGE_TAX_BRACKETS, economy_id=economy.id)
        since = tax_broker.last_watermark(session, economy_id=economy.id)
        until = journal_broker.max_entry_id(session, economy_id=economy.id)
        late = _late_rows(
            session, economy_id=economy.id, now=clock.now(), window=late_commit_window
        )
        lines = tax_broker.preview_lines(
            session,
            economy_id=economy.id,
            brackets=tax_broker.list_brackets(session, economy_id=economy.id),
            since=since,
            until=until,
            late=late,
        )
        return TaxPreview(economy_id=economy.id, since=since, until=until, lines=tuple(lines))

    return uow.read(run)


def _valid_period(period: str) -> str:
    clean = period.strip()
    if not clean or len(clean) > PERIOD_MAX:
        raise InvalidPeriod(period=period, maximum=PERIOD_MAX)
    return clean


CHUNK_ACCOUNTS = 1_000
"""How many accounts the first chunk of a tax cycle assesses where ids interleave (a
multi-primary cluster); on one writer the first chunk takes every account (see the module)."""


def run_tax_cycle(
    uow: UnitOfWork,
    principal: Principal,
    *,
    economy_id: EconomyId,
    period: str,
    clock: Clock = SYSTEM_CLOCK,
    late_commit_window: timedelta | None = None,
    chunk_accounts: int | None = None,
) -> TaxCycle:
    """Collect the periodic taxes for ``period`` (e.g. ``"2026-03"``), once.

    Needs ``MANAGE_TAX_BRACKETS`` in the economy. Wealth taxes use the balances as each chunk of
    accounts is assessed; income tax the INCOME transfers received since the previous cycle
    (where ids interleave, up to ``late_commit_window`` before the cycle opened, default
    :data:`LATE_COMMIT_WINDOW` there and none on one writer; see the module). No account goes
    below its limit. Every payment is one TAX journal leg (account, bracket, cycle). Running a
    period again returns its first run without collecting anything; a cycle left unfinished
    (of this period or another) is finished first. ``chunk_accounts`` is the size of the first
    chunk (default: :data:`CHUNK_ACCOUNTS` where ids interleave, else every account at once, in
    the transaction that opens the cycle: one commit is cheapest, and only a cluster needs small
    chunks; see the module).
    """
    label = _valid_period(period)
    if chunk_accounts is not None and chunk_accounts < 1:
        raise ValueError("chunk_accounts must be at least 1")
    bulk = uow.for_bulk()
    whole = chunk_accounts is None
    while True:
        cycle, interleave = run_unique(
            bulk,
            lambda session: _open_cycle(
                session, principal, economy_id, label, clock, late_commit_window, whole=whole
            ),
        )
        if cycle.finished_at is None:
            first = chunk_accounts or (CHUNK_ACCOUNTS if interleave else None)
            cycle = _finish_cycle(bulk, cycle, principal, clock, first)
        if cycle.period == label:
            return cycle


def _open_cycle(
    session: Session,
    principal: Principal,
    economy_id: EconomyId,
    period: str,
    clock: Clock,
    late_commit_window: timedelta | None,
    *,
    whole: bool,
) -> tuple[TaxCycle, bool]:
    """The cycle of ``period`` if it exists, else the economy's unfinished one, else a new cycle
    of ``period`` that fixes which income it counts; and whether ids interleave here.

    A new cycle is left open for its chunks, except on one writer with ``whole`` (every account
    in one chunk): there this transaction also runs that chunk, over the accounts it locked to
    open the cycle, and the cycle it returns is finished.
    """
    economy = economy_broker.get_economy(session, economy_id=economy_id)
    authorize(session, principal, Permission.MANAGE_TAX_BRACKETS, economy_id=economy.id)
    interleave = tax_broker.ids_interleave(session)
    found = tax_broker.find_cycle(session, economy_id=economy.id, period=period)
    if found is not None:
        return found, interleave
    # Before looking for an open cycle, so that two cycles opened at once on two nodes of a
    # cluster conflict at commit, and on one server the second waits and then sees the first
    # (every statement reads the latest committed rows: READ COMMITTED).
    tax_broker.guard_cycles(session, economy_id=economy.id)
    unfinished = tax_broker.find_unfinished(session, economy_id=economy.id)
    if unfinished is not None:
        return unfinished, interleave
    now = clock.now()
    late = _late_rows(
        session, economy_id=economy.id, now=now, window=late_commit_window, interleave=interleave
    )
    only_chunk = whole and not interleave
    if only_chunk:  # the chunk's lock order: the economy (shared), then its accounts
        economy_broker.lock_economy(session, economy_id=economy.id, shared=True)
    locked = None
    if late is None or only_chunk:  # one writer: wait for every transfer still open on them
        locked = account_broker.lock_account_range(
            session, economy_id=economy.id, after=0, through=None
        )
    opened = tax_broker.insert_cycle(
        session,
        economy_id=economy.id,
        period=period,
        income_since=tax_broker.last_watermark(session, economy_id=economy.id),
        journal_watermark=journal_broker.max_entry_id(session, economy_id=economy.id),
        late=late,
        actor_id=principal.user_id,
        now=now,
    )
    if not only_chunk:
        return opened, interleave
    progress = tax_broker.lock_cycle(session, cycle_id=opened.id)
    brackets = tax_broker.list_brackets(session, economy_id=economy.id)
    assert locked is not None
    return _collect(session, progress, brackets, principal, locked, now, last=True), interleave


class _ChunkSize:
    """The size of the next chunk: halved on every failed attempt, doubled (up to the first
    size) after each chunk that landed; ``None`` (every account at once) stays so."""

    def __init__(self, first: int | None) -> None:
        self.first = first
        self.size = first
        self.trying = False

    def attempt(self) -> int | None:
        if self.trying and self.size is not None:  # the previous attempt did not commit
            self.size = max(1, self.size // 2)
        self.trying = True
        return self.size

    def landed(self) -> None:
        self.trying = False
        if self.size is not None and self.first is not None:
            self.size = min(self.first, self.size * 2)


def _finish_cycle(
    uow: UnitOfWork,
    cycle: TaxCycle,
    principal: Principal,
    clock: Clock,
    chunk_accounts: int | None,
) -> TaxCycle:
    """Run the chunks of an open cycle until it is finished."""
    size = _ChunkSize(chunk_accounts)
    cycle_id = cycle.id
    while cycle.finished_at is None:
        cycle = uow.run(
            lambda session: _run_chunk(session, cycle_id, principal, clock, size.attempt())
        )
        size.landed()
    return cycle


def _run_chunk(
    session: Session, cycle_id: TaxCycleId, principal: Principal, clock: Clock, size: int | None
) -> TaxCycle:
    """Assess the next ``size`` accounts of the cycle (``None``: all that are left), collect
    and record; the last chunk (fewer accounts than ``size`` left) finishes the cycle."""
    progress = tax_broker.lock_cycle(session, cycle_id=cycle_id)
    cycle = progress.cycle
    if cycle.finished_at is not None:  # another run finished it meanwhile
        return cycle
    economy_broker.lock_economy(session, economy_id=cycle.economy_id, shared=True)
    brackets = tax_broker.list_brackets(session, economy_id=cycle.economy_id)
    after = progress.accounts_through
    end = (
        None
        if size is None
        else account_broker.chunk_end(session, economy_id=cycle.economy_id, after=after, size=size)
    )
    # one lock order: the collecting accounts below the chunk, the chunk, then the rest
    collecting = [b.to_account_id for b in brackets if b.tax_type.is_periodic]
    account_broker.lock_accounts(session, ids=[c for c in collecting if c <= after])
    locked = account_broker.lock_account_range(
        session, economy_id=cycle.economy_id, after=after, through=end
    )
    return _collect(session, progress, brackets, principal, locked, clock.now(), last=end is None)


def _collect(
    session: Session,
    progress: tax_broker.CycleProgress,
    brackets: list[TaxBracket],
    principal: Principal,
    chunk: account_broker.LockedRange,
    now: datetime,
    *,
    last: bool,
) -> TaxCycle:
    """Collect from the chunk's accounts, locked already (``chunk``: ids above the cycle's
    progress) and record the chunk; ``last`` finishes the cycle.

    Locks the collecting accounts above the chunk (the rest of the one lock order); every leg is
    journaled with one ``INSERT ... SELECT``, and the debits, credits and notifications are
    derived from those legs.
    """
    cycle = progress.cycle
    after = progress.accounts_through
    locked = account_broker.lock_accounts(
        session, ids={b.to_account_id for b in brackets if b.tax_type.is_periodic}
    )
    finished = now if last else None
    through = chunk.highest
    if through is None:
        return tax_broker.advance_cycle(
            session,
            cycle_id=cycle.id,
            accounts_through=after,
            payments=0,
            collected=0,
            finished_at=finished,
        )
    first_leg = tax_broker.journal_end(session)
    tax_broker.journal_cycle(
        session,
        economy_id=cycle.economy_id,
        brackets=brackets,
        progress=progress,
        accounts=tax_broker.AccountRange(
            after=after, through=through, dense_from=chunk.lowest if chunk.dense else None
        ),
        actor_id=principal.user_id,
        now=now,
    )
    revenue = tax_broker.cycle_revenue(session, cycle_id=cycle.id, after_id=first_leg)
    credits = {account_id: amount for account_id, (_legs, amount) in revenue.items()}
    check_movement(
        credits,
        {account_id: locked[account_id].balance for account_id in credits},
        {account_id: account_limits(locked[account_id]) for account_id in credits},
    )
    tax_broker.debit_cycle(session, cycle_id=cycle.id, after_id=first_leg)
    account_broker.add_to_account_balances(session, deltas=credits)
    outbox.enqueue_cycle_updates(
        session, economy_id=cycle.economy_id, cycle_id=cycle.id, after_id=first_leg, now=now
    )
    return tax_broker.advance_cycle(
        session,
        cycle_id=cycle.id,
        accounts_through=through,
        payments=sum(legs for legs, _amount in revenue.values()),
        collected=sum(credits.values()),
        finished_at=finished,
    )


__all__ = [
    "CHUNK_ACCOUNTS",
    "LATE_COMMIT_WINDOW",
    "TaxPreview",
    "create_tax_bracket",
    "delete_tax_bracket",
    "get_tax_bracket",
    "list_tax_brackets",
    "preview_tax_cycle",
    "run_tax_cycle",
]
