"""The community ledger services: sync use cases taking a :class:`~communitybot.db.uow.UnitOfWork`.

Actors are named by Telegram id, targets by :data:`UserRef` (user id or username). Every
money-moving service, and ``request_payment``, ``start_communism`` and ``change_externals``, takes
an idempotency ``key`` and returns a receipt with ``replayed``. Errors are the
``# --- community ---`` classes of :mod:`communitybot.core.errors`.
"""

from communitybot.services.community.check import accept_history, check_ledger, check_report
from communitybot.services.community.collectives import (
    cancel_collective,
    collective_shown_by,
    forget_message,
    get_collective,
    list_messages,
    list_open_collectives,
    record_message,
    request_payment,
    vote,
)
from communitybot.services.community.communism import (
    accept_communism,
    change_externals,
    join_communism,
    leave_communism,
    start_communism,
)
from communitybot.services.community.consumables import consume, list_consumables
from communitybot.services.community.pending import (
    PENDING_SEND_TTL,
    abort_send,
    confirm_send,
    hold_send,
)
from communitybot.services.community.privacy import (
    can_forget,
    forget_user,
    personal_data,
)
from communitybot.services.community.queries import (
    balance,
    community_balance,
    full_history,
    history,
    journal_page,
    leaderboard,
    most_in_debt,
    user_data,
)
from communitybot.services.community.rule_check import rule_violations
from communitybot.services.community.standing import (
    RoleRef,
    grant_role,
    list_roles,
    member_decision,
    member_may,
    reset_rule,
    revoke_role,
    rights,
    set_rule,
    standing_log,
)
from communitybot.services.community.telegram_ids import TelegramIdsInUse, telegram_ids_in_use
from communitybot.services.community.transfers import preview_send, receiver_notified, send
from communitybot.services.community.users import (
    UserRef,
    display_name,
    ensure_community_user,
    find_user,
    get_community_user,
    get_user,
    get_user_by_tid,
    list_users,
    make_external,
    make_internal,
    refresh_user,
    register_or_refresh,
    set_active,
    set_vote_permission,
)
from communitybot.services.community.votes import expire_payment_requests, retract_vote
from communitybot.services.community.vouching import (
    get_vouch_info,
    list_vouchees,
    stop_vouching,
    vouch,
)

__all__ = [
    "PENDING_SEND_TTL",
    "RoleRef",
    "TelegramIdsInUse",
    "UserRef",
    "abort_send",
    "accept_communism",
    "accept_history",
    "balance",
    "can_forget",
    "cancel_collective",
    "change_externals",
    "check_ledger",
    "check_report",
    "collective_shown_by",
    "community_balance",
    "confirm_send",
    "consume",
    "display_name",
    "ensure_community_user",
    "expire_payment_requests",
    "find_user",
    "forget_message",
    "forget_user",
    "full_history",
    "get_collective",
    "get_community_user",
    "get_user",
    "get_user_by_tid",
    "get_vouch_info",
    "grant_role",
    "history",
    "hold_send",
    "join_communism",
    "journal_page",
    "leaderboard",
    "leave_communism",
    "list_consumables",
    "list_messages",
    "list_open_collectives",
    "list_roles",
    "list_users",
    "list_vouchees",
    "make_external",
    "make_internal",
    "member_decision",
    "member_may",
    "most_in_debt",
    "personal_data",
    "preview_send",
    "receiver_notified",
    "record_message",
    "refresh_user",
    "register_or_refresh",
    "request_payment",
    "reset_rule",
    "retract_vote",
    "revoke_role",
    "rights",
    "rule_violations",
    "send",
    "set_active",
    "set_rule",
    "set_vote_permission",
    "standing_log",
    "start_communism",
    "stop_vouching",
    "telegram_ids_in_use",
    "user_data",
    "vote",
    "vouch",
]
