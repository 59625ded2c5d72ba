"""The community, after Strichliste's REST API: its members, their journals, its articles,
charging a member for an article, and a treasurer's deposits and withdrawals of cash.

The community is an economy like the others: a MASTER key of the community's economy asks, and
the key and its issuer need ``VIEW_BALANCE`` there to read and ``MANAGE_FUNDS`` to charge. An
article is named by its id, its barcode or its name (exactly one). Cash is booked by a key whose
issuer is a member who may ``MANAGE_CASH`` (:func:`communitybot.services.api.book_cash`).
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
    CashIn,
    CashOut,
    MemberOut,
    MemberPage,
    MemberTransactionOut,
    MemberTransactionPage,
    PurchaseIn,
    PurchaseOut,
)
from communitybot.core.api import PAGE_MAX
from communitybot.core.articles import ArticleRef, clean_barcode
from communitybot.core.cash import CashReceipt
from communitybot.core.community import ConsumeReceipt, TransactionKind
from communitybot.core.ids import UserId
from communitybot.core.notices import Notice
from communitybot.core.text import normalise_text

MemberIdPath = Annotated[int, Path(ge=1, le=ID_MAX, description="the member's id")]

router = APIRouter(prefix="/api/v1/community", tags=["community"], responses=PROBLEMS)


@router.get("/articles")
async def list_articles(api: State, key: Key) -> ArticleList:
    """Every article on sale, by id, with its price, barcode and stock."""
    found = await api.pool.run(api.use_cases.api.articles, key)
    return ArticleList(articles=[ArticleOut.of(a) for a in found])


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
    """Charge a member ``quantity`` × the price of an article named by its id, barcode or
    name (the member pays the community)."""
    article = _article(body)

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

    return await answered(
        request, api, key, idempotency, body, call=call, present=present, notices=_owed
    )


def _owed(receipt: ConsumeReceipt | CashReceipt) -> tuple[Notice, ...]:
    """The notices a purchase (low stock, to the treasurers) or a booking of cash (to the
    member) owes."""
    return receipt.notices


def _article(body: PurchaseIn) -> ArticleRef:
    if body.article_id is not None:
        return ArticleRef(id=body.article_id)
    if body.barcode is not None:
        return ArticleRef(barcode=clean_barcode(normalise_text(body.barcode)))
    return ArticleRef(name=normalise_text(body.name or ""))


def _cash_route(kind: TransactionKind) -> None:
    """``POST /members/{id}/deposits`` or ``.../withdrawals``: a treasurer's key books cash."""
    path = "deposits" if kind is TransactionKind.DEPOSIT else "withdrawals"
    what = (
        "Cash put into the box for a member: the cash box pays the member ``amount``."
        if kind is TransactionKind.DEPOSIT
        else "Cash taken out of the box by a member: the member pays the cash box ``amount``."
    )

    async def book(
        request: Request,
        api: State,
        key: Key,
        idempotency: IdempotencyKey,
        member_id: MemberIdPath,
        body: CashIn,
    ) -> Response:
        def call(operation_key: str) -> CashReceipt:
            return api.use_cases.api.book_cash(
                key,
                member_id=UserId(member_id),
                kind=kind,
                amount=body.amount,
                reason=None if body.reason is None else normalise_text(body.reason),
                key=operation_key,
            )

        return await answered(
            request, api, key, idempotency, body, call=call, present=CashOut.of, notices=_owed
        )

    book.__doc__ = what + " Needs a key whose issuer may ``MANAGE_CASH``."
    router.add_api_route(
        f"/members/{{member_id}}/{path}",
        book,
        methods=["POST"],
        status_code=201,
        response_model=CashOut,
        responses=MONEY_PROBLEMS,
        name=f"{kind.value}_cash",
        summary="Deposit cash" if kind is TransactionKind.DEPOSIT else "Withdraw cash",
    )


_cash_route(TransactionKind.DEPOSIT)
_cash_route(TransactionKind.WITHDRAW)


__all__ = ["router"]
