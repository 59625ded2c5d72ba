"""English texts of the administration: the audit, applications and API keys, signed bank
notes, a treasurer's chat administration (Telegram, Discord and the command line)."""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, str]] = {
    # Telegram: a treasurer's chat administration
    "help.member.summary": (
        "activate or deactivate someone, make them a member or an external guest (treasurers)"
    ),
    "help.member.usage": "/member @user active|inactive|internal|external",
    "help.member.example": "/member @bob inactive",
    "help.close.summary": "close a stuck payment request or communism, no money moves (treasurers)",
    "help.close.usage": "/close number",
    "help.close.example": "/close 12",
    "member.active": "{name} is active again.",
    "member.inactive": "{name} is deactivated: they can read, but not change anything.",
    "member.internal": "{name} is now a member.",
    "member.external": "{name} is now an external guest without a voucher.",
    "member.settled": "{text} Their vouching for {count} guests ended and was settled.",
    "close.done": "Closed #{id}: no money moved.",
    # Discord: applications and keys
    "discord.command.application": "Applications that use the economy with API keys",
    "discord.command.application.create": "Create an application of this economy",
    "discord.command.application.list": "Your applications in this economy",
    "discord.command.application.delete": "Delete an application and every key it made",
    "discord.command.key": "API keys of your applications",
    "discord.command.key.issue": "Issue an API key; its token is shown only once",
    "discord.command.key.activate": "Consent to a key acting for you (its issuer)",
    "discord.command.key.enable": "Enable a key",
    "discord.command.key.disable": "Disable a key",
    "discord.command.key.delete": "Delete a key for good",
    "discord.command.key.list": "The keys of an application (never their tokens)",
    "discord.option.application_name": "the application's name",
    "discord.option.application_number": "the application's number",
    "discord.option.key_number": "the key's number",
    "discord.option.key_type": "GRANT acts on one account within a limit, MASTER on none",
    "discord.option.key_account": "the account a GRANT key acts on (default: your own)",
    "discord.option.key_limit": "how much the key may spend in all, e.g. 50",
    "economy.application.line": "<b>#{id}</b> {name}",
    "economy.application.created": (
        "Application <b>#{id}</b> ({name}) created. Issue a key for it with /key issue."
    ),
    "economy.application.deleted": "Application #{id} and every key it made are deleted.",
    "economy.applications.none": "You have no applications in this economy.",
    "economy.applications.title": "<b>Your applications</b>",
    "economy.key.line": "<b>#{id}</b> {kind} on {where}, {spending}: {state}",
    "economy.key.type.GRANT": "grant key",
    "economy.key.type.MASTER": "master key",
    "economy.key.everywhere": "no single account",
    "economy.key.limit": "spent {spent} of {limit}",
    "economy.key.unlimited": "spent {spent}, no limit",
    "economy.key.state.usable": "usable",
    "economy.key.state.disabled": "disabled",
    "economy.key.state.inactive": "waiting for its issuer's /key activate",
    "economy.key.state.deleted": "deleted",
    "economy.key.issued": (
        "Key {line}. Its token, shown only now (keep it secret; it is stored only as a hash):\n"
        "{token}"
    ),
    "economy.key.activate": "Activated: {line}",
    "economy.key.enable": "Enabled: {line}",
    "economy.key.disable": "Disabled: {line}",
    "economy.key.delete": "Deleted: {line}",
    "economy.keys.none": "Application #{id} has no keys.",
    "economy.keys.title": "<b>Keys of application #{id}</b>",
    "discord.option.note_recipient": "the only member who can redeem the note",
    # Discord: the audit
    "discord.command.audit": "Who changed what in this economy (MANAGE_PERMISSIONS)",
    "discord.command.audit.list": "One page of the audit, newest first",
    "discord.command.audit.export": "Every matching entry of the audit as a file",
    "discord.option.audit_actor": "only changes this member made",
    "discord.option.audit_kind": "only this kind of change (key.disable) or area (key)",
    "discord.option.audit_target": "only changes of this (account:5, key:3, user:123)",
    "discord.option.audit_before": "the next page: entries below this number",
    "discord.option.audit_limit": "entries per page (at most 500)",
    "discord.option.since": "from this time on (2026-12-01T00:00+00:00)",
    "discord.option.until": "before this time (2026-12-31T00:00+00:00)",
    "discord.option.format": "CSV or JSON",
    "economy.audit.none": "No changes were recorded that match.",
    "economy.audit.title": "<b>Audit of this economy</b> (newest first)",
    "economy.audit.line": "<b>#{id}</b> {at} {actor} {kind} {target}: {before} → {after}",
    "economy.audit.nothing": "nothing",
    "economy.audit.more": "More with before: {before}",
    "economy.audit.exported": "The audit, {rows} entries, attached.",
    "economy.audit.exported_newest": (
        "The newest {rows} entries of the audit, attached; narrow the filters for older ones."
    ),
    # the command line
    "cli.arg.not_positive": "{text} is not a number (write it with the digits 0-9)",
    "cli.audit.more": "more: --before {before}",
    "cli.audit.exported": "{rows} audit entries written to {path}",
    "cli.application.created": "application {id} ({name}) created",
    "cli.application.deleted": "application {id} and its keys deleted",
    "cli.key.token": "token (shown only now, keep it secret): {token}",
    # refusals
    "error.audit_query": "That audit filter cannot be used: “{field}” {why}.",
    "error.audit_query.range": "is out of range",
    "error.audit_query.length": "is empty or too long",
    "error.audit_query.zone": "needs a time zone",
    "error.audit_query.order": "must come after the start",
    "error.audit_query.format": "is not a time (write it as 2026-12-01T18:00+00:00)",
    "error.note_not_for_you": (
        "Bank note #{note_id} is signed over to someone else; only its recipient can redeem it."
    ),
}
