"""The community, after Strichliste's REST API: its members, their journals, its articles, and
charging a member for an article.

The community is an economy like the others: a MASTER key of the community's economy asks, and
the key and its issuer need ``VIEW_BALANCE`` there to read and ``MANAGE_FUNDS`` to charge. An
article is named by its id (today: a configured consumable's name); the purchase body leaves
room for other ways to name it (a barcode) as alternatives to ``article_id``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from communitybot.api._deps import IdempotencyKey, Key, State, answered
from communitybot.api._economy import MONEY_PROBLEMS, PROBLEMS
from communitybot.api._models import (
    ID_MAX,
    ArticleList,
    ArticleOut,
    MemberOut,
    MemberPage,
    MemberTransactionOut,
    MemberTransactionPage,
    PurchaseIn,
    PurchaseOut,
)
from communitybot.core.api import PAGE_MAX
from communitybot.core.community import ConsumeReceipt
from communitybot.core.errors import LacksPermission
from communitybot.core.ids import UserId
from communitybot.core.text import normalise_text

MemberIdPath = Annotated[int, Path(ge=1, le=ID_MAX, description="the member's id")]

router = APIRouter(prefix="/api/v1/community", tags=["community"], responses=PROBLEMS)


@router.get("/articles")
async def list_articles(api: State, key: Key) -> ArticleList:
    """Every article on sale, with its price (to keys of the community's economy)."""
    community = await api.pool.run(api.use_cases.api.community_economy_id)
    if key.economy_id != community:
        raise LacksPermission(
            actor=key.label, permission="VIEW_BALANCE", economy_id=community, account_id=None
        )
    return ArticleList(articles=[ArticleOut.of(c) for c in api.use_cases.api.rules.consumables])


@router.get("/members")
async def list_members(
    api: State,
    key: Key,
    after: Annotated[int, Query(ge=0, le=ID_MAX, description="the last id seen")] = 0,
    limit: Annotated[int, Query(ge=1, le=PAGE_MAX)] = 50,
    active: Annotated[bool, Query(description="only active members")] = False,
) -> MemberPage:
    """Members by id, with their balances."""
    members = await api.pool.run(
        api.use_cases.api.list_members,
        key,
        after_id=after,
        limit=limit + 1,
        include_inactive=not active,
    )
    more = len(members) > limit
    page = members[:limit]
    return MemberPage(
        members=[MemberOut.of(m) for m in page], next_after=page[-1].id if more else None
    )


@router.get("/members/{member_id}")
async def member(api: State, key: Key, member_id: MemberIdPath) -> MemberOut:
    """One member with its balance."""
    found = await api.pool.run(api.use_cases.api.get_member, key, member_id=UserId(member_id))
    return MemberOut.of(found)


@router.get("/members/{member_id}/transactions")
async def member_transactions(
    api: State,
    key: Key,
    member_id: MemberIdPath,
    offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
    limit: Annotated[int, Query(ge=1, le=PAGE_MAX)] = 20,
) -> MemberTransactionPage:
    """A member's journal, newest first, from the member's view (received: positive)."""
    page = await api.pool.run(
        api.use_cases.api.member_transactions,
        key,
        member_id=UserId(member_id),
        offset=offset,
        limit=limit,
    )
    return MemberTransactionPage(
        transactions=[MemberTransactionOut.of(e) for e in page.entries],
        total=page.total,
        offset=page.offset,
        limit=page.limit,
    )


@router.post(
    "/members/{member_id}/purchases",
    status_code=201,
    response_model=PurchaseOut,
    responses=MONEY_PROBLEMS,
)
async def charge(
    request: Request,
    api: State,
    key: Key,
    idempotency: IdempotencyKey,
    member_id: MemberIdPath,
    body: PurchaseIn,
) -> Response:
    """Charge a member ``quantity`` × an article's price (the member pays the community)."""
    article = normalise_text(body.article_id)

    def call(operation_key: str) -> ConsumeReceipt:
        return api.use_cases.api.charge_member(
            key,
            member_id=UserId(member_id),
            article=article,
            count=body.quantity,
            key=operation_key,
        )

    def present(receipt: ConsumeReceipt) -> PurchaseOut:
        return PurchaseOut.of(member_id, receipt)

    return await answered(request, api, key, idempotency, body, call=call, present=present)


__all__ = ["router"]
