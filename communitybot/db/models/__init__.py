"""Every mapped table. Importing this package registers all models on ``Base.metadata``."""

from communitybot.db.models import articles, cash, community, operations, pending, standing
from communitybot.db.models import economy as economy
from communitybot.db.models import economy_ext as economy_ext
from communitybot.db.models._base import Base
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
from communitybot.db.models.standing import (
    CommunityEconomyRow,
    CommunityRoleMemberRow,
    CommunityRoleRow,
    StandingLogRow,
)

__all__ = [
    "COMMUNITY_TABLES",
    "AcceptedHistory",
    "ArticleRow",
    "ArticleSaleRow",
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
    "OperationKey",
    "PendingSend",
    "RuleGuard",
    "StandingLogRow",
    "Transaction",
    "TransactionReversalRow",
    "User",
    "articles",
    "cash",
    "community",
    "operations",
    "pending",
    "standing",
]
