"""The one family of refusals: a root, three areas, five shared kinds, and the concrete errors.

Every refusal derives from :class:`DomainError` and carries the data that explains it
(``InsufficientBalance(balance=..., limit=...)``). It belongs to one area (:class:`CommunityError`,
:class:`EconomyError`, :class:`AdapterError`; a few belong to none) and to one family
(:class:`NotFound`, :class:`NotPermitted`, :class:`LimitExceeded`, :class:`Conflict`,
:class:`InvalidInput`), so a caller can ``except NotFound`` across areas. ``str(error)`` is a
terse message for developers and logs; people read the text of the one message catalogue
(:mod:`communitybot.runtime.catalogue`), made from the data. Errors are never recognised by
their message text.

A new error is a subclass of its area and its family with annotated fields; it becomes a
keyword-only dataclass by itself (see :class:`DomainError`).
"""

from communitybot.core.errors._adapter import *  # noqa: F403
from communitybot.core.errors._admin import *  # noqa: F403
from communitybot.core.errors._api import *  # noqa: F403
from communitybot.core.errors._base import *  # noqa: F403
from communitybot.core.errors._cash import *  # noqa: F403
from communitybot.core.errors._community import *  # noqa: F403
from communitybot.core.errors._discord_features import *  # noqa: F403
from communitybot.core.errors._economy import *  # noqa: F403
from communitybot.core.errors._economy_ext import *  # noqa: F403
from communitybot.core.errors._governance import *  # noqa: F403
