"""The collective a journal reason names (``pay: #12 ...``, ``communism: #12 ...``)."""

from __future__ import annotations

import pytest

from communitybot.core.community import TransactionKind, reason_collective


@pytest.mark.parametrize(
    ("reason", "kind", "expected"),
    [
        ("pay: #12 lamp", TransactionKind.PAY, 12),
        ("communism: #7", TransactionKind.COMMUNISM, 7),
        ("pay: #12 lamp", TransactionKind.COMMUNISM, None),  # another kind
        ("pay: #12lamp", TransactionKind.PAY, None),  # the id ends at a blank or the end
        ("pay: lamp #12", TransactionKind.PAY, None),
        ("pay: #\u0663 lamp", TransactionKind.PAY, None),  # an Arabic-Indic three is no id
        ("pay: #\uff11 lamp", TransactionKind.PAY, None),  # nor a fullwidth one
        (None, TransactionKind.PAY, None),
    ],
)
def test_reason_collective(reason: str | None, kind: TransactionKind, expected: int | None) -> None:
    assert reason_collective(reason, kind) == expected
