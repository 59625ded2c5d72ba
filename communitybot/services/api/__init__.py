"""Use cases of the HTTP API that no chat adapter has: answering a money-moving request once per
idempotency key, and the community's members as an application (a till, a scanner) sees them.
"""

from communitybot.services.api.community import (
    MEMBER_PAGE_MAX,
    articles,
    book_cash,
    charge_member,
    community_economy_id,
    ensure_community_economy,
    get_member,
    list_members,
    member_transactions,
)
from communitybot.services.api.requests import answer_once, stored_answer

__all__ = [
    "MEMBER_PAGE_MAX",
    "answer_once",
    "articles",
    "book_cash",
    "charge_member",
    "community_economy_id",
    "ensure_community_economy",
    "get_member",
    "list_members",
    "member_transactions",
    "stored_answer",
]
