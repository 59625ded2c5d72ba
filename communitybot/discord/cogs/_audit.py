"""The audit of this server's economy: ``/audit list`` and ``/audit export``, both private and
for those who manage its permissions (``MANAGE_PERMISSIONS``).

``list`` shows one page, newest first, with the ``before`` of the next page; ``export`` attaches
the matching entries (the newest :data:`EXPORT_MAX`) as CSV or JSON. Filters hold together: who
acted (a member), the kind of change (``key.disable``, or an area such as ``key``), what changed
(``account:5``), and a time range (ISO 8601 with a zone).
"""

from __future__ import annotations

import enum
import io
import itertools
from datetime import datetime

import discord
from discord import app_commands

from communitybot.core.audit import PAGE_DEFAULT, PAGE_MAX, AuditQuery, ref, write_csv, write_json
from communitybot.core.errors import AuditQueryInvalid
from communitybot.discord import _present_keys as present
from communitybot.discord._call import Call
from communitybot.discord._cog import EconomyCog, Interaction, options, text

EXPORT_MAX = 10_000
"""The most entries ``/audit export`` attaches (the newest; ``communitybot audit export`` has no
such bound), so the file stays far below Discord's attachment limit."""


class ExportFormat(enum.Enum):
    """How ``/audit export`` writes the entries."""

    csv = "csv"
    json = "json"


def _moment(field: str, value: str | None) -> datetime | None:
    """A time typed by a member: ISO 8601 with a zone (``AuditQueryInvalid`` otherwise)."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise AuditQueryInvalid(field=field, reason="format") from None
    if moment.tzinfo is None:
        raise AuditQueryInvalid(field=field, reason="zone")
    return moment


def _query(
    actor: discord.Member | discord.User | None,
    kind: str | None,
    target: str | None,
    since: str | None,
    until: str | None,
    **page: int | None,
) -> AuditQuery:
    return AuditQuery(
        actor=None if actor is None else ref("user", actor.id),
        kind=None if kind is None else kind.strip(),
        target=None if target is None else target.strip(),
        since=_moment("since", since),
        until=_moment("until", until),
        before_id=page.get("before_id"),
        limit=page.get("limit") or PAGE_DEFAULT,
    )


class AuditCog(EconomyCog):
    """Who changed what in this economy."""

    audit_group = app_commands.Group(name="audit", description=text("command.audit"))

    @audit_group.command(name="list", description=text("command.audit.list"))
    @options(
        "since",
        "until",
        actor="audit_actor",
        kind="audit_kind",
        target="audit_target",
        before="audit_before",
        limit="audit_limit",
    )
    async def audit_list(
        self,
        interaction: Interaction,
        actor: discord.Member | None = None,
        kind: str | None = None,
        target: str | None = None,
        since: str | None = None,
        until: str | None = None,
        before: app_commands.Range[int, 1] | None = None,
        limit: app_commands.Range[int, 1, PAGE_MAX] | None = None,
    ) -> None:
        """``/audit list [actor] [kind] [target] [since] [until] [before] [limit]``."""

        def work(call: Call) -> str:
            query = _query(actor, kind, target, since, until, before_id=before, limit=limit)
            page = call.cases.economy_audit(call.actor, economy_id=call.economy.id, query=query)
            return present.audit_text(page, call.context())

        await self.answer(interaction, work, private=True)

    @audit_group.command(name="export", description=text("command.audit.export"))
    @options(
        "since", "until", "format", actor="audit_actor", kind="audit_kind", target="audit_target"
    )
    async def audit_export(
        self,
        interaction: Interaction,
        format: ExportFormat = ExportFormat.csv,
        actor: discord.Member | None = None,
        kind: str | None = None,
        target: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> None:
        """``/audit export [format] [actor] [kind] [target] [since] [until]``: a file."""
        call = self.new_call(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)

        def work() -> tuple[str, bytes]:
            query = _query(actor, kind, target, since, until)
            entries = itertools.islice(
                call.cases.economy_audit_entries(
                    call.actor, economy_id=call.economy.id, query=query
                ),
                EXPORT_MAX,
            )
            out = io.StringIO()
            rows = (
                write_json(entries, out) if format is ExportFormat.json else write_csv(entries, out)
            )
            said = present.audit_exported_text(rows, rows == EXPORT_MAX, call.context())
            return said, out.getvalue().encode()

        said, data = await self.kit.pool.refusing(work, lambda error: call.context())
        name = f"audit-{call.guild_id}.{format.value}"
        attached = discord.File(io.BytesIO(data), filename=name)
        await interaction.followup.send(said, file=attached, ephemeral=True)


__all__ = ["AuditCog"]
