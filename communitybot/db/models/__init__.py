"""Every mapped table. Importing this package registers all models on ``Base.metadata``."""

from communitybot.db.models import (
    admin,
    api,
    articles,
    cash,
    community,
    operations,
    pending,
    prefs,
    reactions,
    standing,
)
from communitybot.db.models import economy as economy
from communitybot.db.models import economy_ext as economy_ext
from communitybot.db.models._base import Base
from communitybot.db.models.admin import AuditRow, NoteTokenRow
from communitybot.db.models.api import ApiRequestRow
from communitybot.db.models.articles import ArticleRow, ArticleSaleRow
from communitybot.db.models.cash import (
    CashDepositRow,
    CommunityFeeChargeRow,
    CommunityFeeRow,
    TransactionReversalRow,
)
from communitybot.db.models.community import (
    COMMUNITY_TABLES,
    Collective,
    CollectiveMessage,
    CollectiveUser,
    External,
    Transaction,
    User,
)
from communitybot.db.models.operations import AcceptedHistory, OperationKey, RuleGuard
from communitybot.db.models.pending import PendingSend
from communitybot.db.models.prefs import NoticeOptOutRow, StatementReminderRow
from communitybot.db.models.standing import (
    CommunityEconomyRow,
    CommunityRoleMemberRow,
    CommunityRoleRow,
    StandingLogRow,
)

__all__ = [
    "COMMUNITY_TABLES",
    "AcceptedHistory",
    "ApiRequestRow",
    "ArticleRow",
    "ArticleSaleRow",
    "AuditRow",
    "Base",
    "CashDepositRow",
    "Collective",
    "CollectiveMessage",
    "CollectiveUser",
    "CommunityEconomyRow",
    "CommunityFeeChargeRow",
    "CommunityFeeRow",
    "CommunityRoleMemberRow",
    "CommunityRoleRow",
    "External",
    "NoteTokenRow",
    "NoticeOptOutRow",
    "OperationKey",
    "PendingSend",
    "RuleGuard",
    "StandingLogRow",
    "StatementReminderRow",
    "Transaction",
    "TransactionReversalRow",
    "User",
    "admin",
    "api",
    "articles",
    "cash",
    "community",
    "operations",
    "pending",
    "prefs",
    "reactions",
    "standing",
]
