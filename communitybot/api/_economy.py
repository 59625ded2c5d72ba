"""The economy a key belongs to: its accounts, their journals, transfers, subscriptions.

A key sees only its own economy (the core refuses any other with 403); what it may do there is
what both the key and its issuer may (a GRANT key: its own account, within its spending limit).
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from pydantic import AwareDatetime

from communitybot.api._deps import IdempotencyKey, Key, State, answered
from communitybot.api._models import (
    ID_MAX,
    AccountOut,
    AccountPage,
    EconomyOut,
    EntryOut,
    EntryPage,
    Problem,
    SubscriptionOut,
    TransferIn,
    TransferOut,
)
from communitybot.api._problems import PROBLEM_JSON
from communitybot.core.api import PAGE_MAX
from communitybot.core.economy import NAME_MAX, JournalEntry, TransferResult
from communitybot.core.errors import InvalidRequest, NoUserAccount, UnknownAccountName
from communitybot.core.ids import AccountId, MemberId

WAIT_MAX = 30
"""Longest wait of a long poll for new transactions, in seconds."""

POLL_SECONDS = 0.5
"""How often a long poll looks again."""

PROBLEM_CONTENT = {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}


def _problem(text: str) -> dict[str, object]:
    return {"model": Problem, "description": text, "content": PROBLEM_CONTENT}


PROBLEMS: dict[int | str, dict[str, object]] = {
    status: _problem(text)
    for status, text in (
        (401, "no usable API key"),
        (403, "the key or its issuer may not"),
        (404, "no such thing"),
        (422, "invalid input or a limit exceeded"),
    )
}
MONEY_PROBLEMS: dict[int | str, dict[str, object]] = {
    **PROBLEMS,
    400: _problem("no or a malformed Idempotency-Key, malformed JSON"),
    409: _problem("the Idempotency-Key was used for another request"),
    413: _problem("the body is too long"),
}

AccountIdPath = Annotated[int, Path(ge=1, le=ID_MAX)]

router = APIRouter(prefix="/api/v1", responses=PROBLEMS)


@router.get("/economy", tags=["economy"])
async def own_economy(api: State, key: Key) -> EconomyOut:
    """The economy of the key."""
    economy = await api.pool.run(api.use_cases.economy.get_economy, economy_id=key.economy_id)
    return EconomyOut.of(economy)


@router.get("/accounts", tags=["accounts"])
async def list_accounts(
    api: State,
    key: Key,
    after: Annotated[int, Query(ge=0, le=ID_MAX, description="the last id seen")] = 0,
    limit: Annotated[int, Query(ge=1, le=PAGE_MAX)] = 50,
) -> AccountPage:
    """The accounts of the key's economy whose balance the key may see, by id."""
    accounts = await api.pool.run(
        api.use_cases.economy.authable_accounts, key, economy_id=key.economy_id
    )
    page = [a for a in accounts if a.id > after][: limit + 1]
    more = len(page) > limit
    page = page[:limit]
    return AccountPage(
        accounts=[AccountOut.of(a) for a in page], next_after=page[-1].id if more else None
    )


@router.get("/accounts/by-name/{name}", tags=["accounts"])
async def account_by_name(
    api: State, key: Key, name: Annotated[str, Path(min_length=1, max_length=NAME_MAX)]
) -> AccountOut:
    """The open account of the key's economy called ``name``."""

    def find() -> AccountOut:
        found = api.use_cases.economy.resolve_account(economy_id=key.economy_id, name=name)
        if found is None:
            raise UnknownAccountName(ref=name)
        return AccountOut.of(api.use_cases.economy.get_account(key, account_id=found))

    return await api.pool.run(find)


@router.get("/accounts/{account_id}", tags=["accounts"])
async def account_by_id(api: State, key: Key, account_id: AccountIdPath) -> AccountOut:
    """An account with its balance (``VIEW_BALANCE`` on it)."""
    account = await api.pool.run(
        api.use_cases.economy.get_account, key, account_id=AccountId(account_id)
    )
    return AccountOut.of(account)


@router.get("/users/{member}/account", tags=["accounts"])
async def user_account(
    api: State,
    key: Key,
    member: Annotated[
        str,
        Path(pattern=r"^(me|[0-9]{1,19})$", description="a member's id, or `me`: the issuer"),
    ],
) -> AccountOut:
    """A member's personal (USER) account in the key's economy; ``me`` is the key's issuer."""
    owner = key.user_id if member == "me" else MemberId(int(member))

    def find() -> AccountOut:
        economy = api.use_cases.economy
        found = economy.user_account_id(economy_id=key.economy_id, owner_id=owner)
        if found is None:
            raise NoUserAccount(member_id=owner)
        return AccountOut.of(economy.get_account(key, account_id=found))

    return await api.pool.run(find)


@router.get("/accounts/{account_id}/transactions", tags=["accounts"])
async def account_transactions(
    api: State,
    key: Key,
    account_id: AccountIdPath,
    limit: Annotated[int, Query(ge=1, le=PAGE_MAX)] = 20,
    before: Annotated[AwareDatetime | None, Query(description="only older (exclusive)")] = None,
    after: Annotated[AwareDatetime | None, Query(description="only newer (exclusive)")] = None,
    order: Annotated[Literal["newest", "oldest"], Query()] = "newest",
    wait: Annotated[
        int,
        Query(
            ge=0,
            le=WAIT_MAX,
            description="seconds to wait for a transaction when there is none yet (a long "
            "poll for balance updates: pass `after` = the newest time seen)",
        ),
    ] = 0,
) -> EntryPage:
    """An account's journal legs (``VIEW_BALANCE`` on it), at most ``limit``, in ``order``."""

    def read() -> list[JournalEntry]:
        return api.use_cases.economy.journal(
            key,
            account_id=AccountId(account_id),
            limit=limit,
            oldest_first=order == "oldest",
            before=before,
            after=after,
        )

    entries = await api.pool.run(read)
    deadline = asyncio.get_running_loop().time() + wait
    while not entries and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(POLL_SECONDS)
        entries = await api.pool.run(read)
    return EntryPage(transactions=[EntryOut.of(e) for e in entries])


@router.post(
    "/transfers",
    tags=["transfers"],
    status_code=201,
    response_model=TransferOut,
    responses=MONEY_PROBLEMS,
)
async def create_transfer(
    request: Request, api: State, key: Key, idempotency: IdempotencyKey, body: TransferIn
) -> Response:
    """Pay ``amount`` minor units from an account (a GRANT key's own when not named) to another,
    named by id or by name. Any VAT of a purchase is paid on top."""
    economy = api.use_cases.economy
    source = body.from_account_id or key.account_id
    if source is None:
        raise InvalidRequest(problems=("body.from_account_id: required for a MASTER key",))

    def call(operation_key: str) -> TransferResult:
        target = body.to_account_id
        if target is None:
            assert body.to_account_name is not None
            target = economy.resolve_account(economy_id=key.economy_id, name=body.to_account_name)
            if target is None:
                raise UnknownAccountName(ref=body.to_account_name)
        return economy.transfer(
            key,
            from_account_id=AccountId(source),
            to_account_id=AccountId(target),
            amount=body.amount,
            idempotency_key=operation_key,
        )

    return await answered(request, api, key, idempotency, body, call=call, present=TransferOut.of)


def _subscription(account_id: int, subscribed: bool, changed: bool) -> SubscriptionOut:
    return SubscriptionOut(account_id=account_id, subscribed=subscribed, changed=changed)


@router.put("/accounts/{account_id}/subscription", tags=["accounts"])
async def subscribe(api: State, key: Key, account_id: AccountIdPath) -> SubscriptionOut:
    """The key's issuer follows the account's balance updates (``VIEW_BALANCE`` on it): each
    change is told to them by the chat bot. Applications poll the transactions (``wait``)."""
    changed = await api.pool.run(
        api.use_cases.economy.subscribe, key, account_id=AccountId(account_id)
    )
    return _subscription(account_id, True, changed)


@router.delete("/accounts/{account_id}/subscription", tags=["accounts"])
async def unsubscribe(api: State, key: Key, account_id: AccountIdPath) -> SubscriptionOut:
    """The key's issuer stops following the account's balance updates."""
    changed = await api.pool.run(
        api.use_cases.economy.unsubscribe, key, account_id=AccountId(account_id)
    )
    return _subscription(account_id, False, changed)


__all__ = ["PAGE_MAX", "WAIT_MAX", "router"]
