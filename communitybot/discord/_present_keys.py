"""Texts of applications, API keys and the audit of administration (pure functions, like
:mod:`communitybot.discord._present`)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from communitybot.core.audit import AuditPage, Values
from communitybot.core.economy import ApiKey, Application, IssuedKey
from communitybot.discord._present import Context, code, fit, when
from communitybot.runtime.catalogue import Markup

# --- applications and keys ------------------------------------------------------------------


def application_line(application: Application, ctx: Context) -> str:
    """One application: number and name."""
    return ctx.t("economy.application.line", id=application.id, name=application.name)


def application_created_text(application: Application, ctx: Context) -> str:
    """A new application, and how to issue a key for it."""
    return ctx.t("economy.application.created", id=application.id, name=application.name)


def applications_text(found: Sequence[Application], ctx: Context) -> str:
    """The member's applications in this economy."""
    if not found:
        return ctx.t("economy.applications.none")
    lines = [ctx.t("economy.applications.title"), *(application_line(a, ctx) for a in found)]
    return fit(lines, ctx.t)


def application_deleted_text(number: int, ctx: Context) -> str:
    """A deleted application."""
    return ctx.t("economy.application.deleted", id=number)


def key_line(key: ApiKey, ctx: Context) -> str:
    """One key: number, type, account, spending, state (never its secret)."""
    t = ctx.t
    state = t.word("economy.key.state", key.unusable_reason or "usable")
    kind = t.word("economy.key.type", key.key_type.value)
    if key.spending_limit is None:
        spending = t("economy.key.unlimited", spent=ctx.money(key.spent))
    else:
        spending = t(
            "economy.key.limit", spent=ctx.money(key.spent), limit=ctx.money(key.spending_limit)
        )
    where = t("economy.key.everywhere") if key.account_id is None else ctx.account(key.account_id)
    return t("economy.key.line", id=key.id, kind=kind, where=where, spending=spending, state=state)


def key_issued_text(issued: IssuedKey, ctx: Context) -> str:
    """A new key and its token, shown only now."""
    line = Markup(key_line(issued.key, ctx))
    return ctx.t("economy.key.issued", line=line, token=code(ctx, issued.token))


def key_changed_text(change: str, key: ApiKey, ctx: Context) -> str:
    """A key activated, enabled, disabled or deleted."""
    return ctx.t(f"economy.key.{change}", line=Markup(key_line(key, ctx)))


def keys_text(found: Sequence[ApiKey], application_id: int, ctx: Context) -> str:
    """The keys of an application."""
    if not found:
        return ctx.t("economy.keys.none", id=application_id)
    lines = [ctx.t("economy.keys.title", id=application_id), *(key_line(k, ctx) for k in found)]
    return fit(lines, ctx.t)


# --- the audit --------------------------------------------------------------------------------


def _values(values: Values | None, ctx: Context) -> Markup:
    if values is None:
        return ctx.t("economy.audit.nothing")
    return code(ctx, json.dumps(dict(values), sort_keys=True, ensure_ascii=False))


def audit_text(page: AuditPage, ctx: Context) -> str:
    """One page of the economy's audit, newest first, and the cursor of the next page."""
    t = ctx.t
    if not page.entries:
        return t("economy.audit.none")
    lines = [t("economy.audit.title")]
    for entry in page.entries:
        lines.append(
            t(
                "economy.audit.line",
                id=entry.id,
                at=when(entry.at),
                actor=code(ctx, entry.actor),
                kind=code(ctx, entry.kind),
                target=code(ctx, entry.target),
                before=_values(entry.before, ctx),
                after=_values(entry.after, ctx),
            )
        )
    if page.next_before is not None:
        lines.append(t("economy.audit.more", before=page.next_before))
    return fit(lines, t)


def audit_exported_text(rows: int, capped: bool, ctx: Context) -> str:
    """What the attached export holds (``capped``: only the newest ``rows`` of more)."""
    return ctx.t("economy.audit.exported_newest" if capped else "economy.audit.exported", rows=rows)


__all__ = [
    "application_created_text",
    "application_deleted_text",
    "application_line",
    "applications_text",
    "audit_exported_text",
    "audit_text",
    "key_changed_text",
    "key_issued_text",
    "key_line",
    "keys_text",
]
