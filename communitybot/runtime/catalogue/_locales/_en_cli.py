"""English texts of the command line (``communitybot ...``): starting the bots, the database."""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, str]] = {
    "cli.database_unusable": "cannot use the database ({where}): {reason}",
    "cli.not_initialised": (
        "the database is not initialised ({where}); run <code>communitybot init</code> first"
    ),
    "cli.no_database_file": (
        "the database is not initialised: {path} does not exist; "
        "run <code>communitybot init</code> to create it"
    ),
    "cli.revision": "database at revision {revision}",
    "cli.run.no_token": (
        "communitybot run: no Telegram bot token is set.\n\n"
        "Get a token from @BotFather in Telegram, then either\n"
        "  export COMMUNITYBOT_TELEGRAM_TOKEN=123456:ABC...     (or put it in .env)\n"
        "or set telegram_token in config/communitybot.toml, and run "
        "<code>communitybot run</code> again.\n"
        "For a self-hosted Bot API server also set COMMUNITYBOT_TELEGRAM_BASE_URL; for webhook "
        "mode\nCOMMUNITYBOT_TELEGRAM_MODE=webhook, COMMUNITYBOT_TELEGRAM_WEBHOOK_URL and\n"
        "COMMUNITYBOT_TELEGRAM_WEBHOOK_SECRET (see docs/telegram.md).\n\n"
        "To try the bot without a token and without internet, start the offline sandbox:\n"
        "  communitybot sandbox"
    ),
    "cli.discord.no_token": (
        "communitybot discord: no Discord bot token is set.\n\n"
        "Create an application at https://discord.com/developers/applications, add a bot to "
        "it and copy\nits token, then either\n"
        "  export COMMUNITYBOT_DISCORD_TOKEN=...     (or put it in .env)\n"
        "or set discord_token in config/communitybot.toml, and run "
        "<code>communitybot discord</code> again.\n"
        "Invite the bot to your server with the scopes <code>bot</code> and "
        "<code>applications.commands</code>.\n"
        "Make yourself the first administrator with\n"
        "  communitybot economy grant-admin YOUR_DISCORD_USER_ID\n"
        "and start an economy in your server with /economy create (see docs/discord.md)."
    ),
    "cli.discord.not_installed": (
        "communitybot discord: discord.py is not installed. Install the optional extra:\n"
        "  pip install 'communitybot[discord]'"
    ),
    "cli.discord.token_refused": (
        "communitybot discord: Discord refused the token; check COMMUNITYBOT_DISCORD_TOKEN."
    ),
    "cli.sandbox.not_installed": (
        "communitybot sandbox: the sandbox is not installed.\n\n"
        "It is a development tool that ships with the source, not with the communitybot "
        "package. Run it\nfrom a checkout of the repository: scripts/run (without a token), or "
        "<code>pip install -e .</code> there\nand then <code>communitybot sandbox</code>."
    ),
    "cli.economy.admin": "user {id} is administrator: {permissions}",
    "cli.economy.tax_total": "total {total} in {count} payments",
    "cli.economy.tax_cycle": "tax cycle {period} of {currency}: {collected} in {count} payments",
    "cli.economy.tick": "paid {paid}, failed {failed}, finished {finished}",
    "cli.economy.recovered": "completed {completed}, reversed {reversed}, stuck {stuck}",
    "cli.economy.stuck": "  stuck: exchange {id}",
    "cli.economy.expired": "expired {expired}, failed {failed}",
    "cli.economy.expiry_failed": "  failed: bank note {id}",
    "cli.economy.exported": "{rows} journal rows written to {path}",
    "cli.roles.none": (
        "no roles yet (<code>communitybot users grant-role USER treasurer</code> makes the first)"
    ),
    "cli.role.granted": "{user} now holds the role {role}",
    "cli.role.held": "{user} already holds the role {role}",
    "cli.role.revoked": "{user} no longer holds the role {role}",
    "cli.role.not_held": "{user} does not hold the role {role}",
    "cli.rule.removed": "{who}: rule removed for {action}",
    "cli.rule.none": "{who}: no rule for {action}",
    "cli.rule.allowed": "{who}: {action} allowed",
    "cli.rule.denied": "{who}: {action} denied",
    "cli.rule.inert": "note: {who} may still not {action}: no rule lifts the bound of its standing",
    "cli.community_user": "community user #{id} {name}: {balance}",
    "cli.yes": "yes",
    "cli.no": "no",
    "cli.users.header": (
        "    id          tid      balance  vote active status                   name"
    ),
    "cli.status.community": "community",
    "cli.status.internal": "internal",
    "cli.status.vouched": "external (voucher #{voucher})",
    "cli.status.unvouched": "external (no voucher)",
    "cli.user.status": "status: {status}",
    "cli.user.transactions": "transactions: {count}",
    "cli.user.vouches": "vouches for: {vouchees}",
    "cli.user.collectives": "open collectives: {collectives}",
    "cli.user.settled": "settled #{id} {name}: {amount}",
    "cli.user.changed": "#{id} {name}: {status}, vote {vote}, active {active}",
    "cli.arg.no_date": "{text} is not a date like 2024-03-01 or 2024-03-01 18:30",
    "cli.arg.zoned": "{text}: give the time without a zone, in the database's time zone",
    "cli.arg.no_zone": "{text} needs a time zone (e.g. 2026-03-01T00:00:00+00:00)",
    "cli.arg.no_action": "{text} is no action; one of: {actions}",
    "cli.arg.no_role": "{text} is no role name (1 to 32 of a-z, 0-9, {underscore} and -)",
    "cli.check.accepted": (
        "accepted history #{id}: {covered} {code} finding(s) before {cutoff} ({note}), "
        "accepted {accepted}"
    ),
    "cli.check.consistent": "ledger consistent",
    "cli.check.problems": "{count} problem(s) found",
    "cli.exported": "wrote {count} {what} to {path}",
    "cli.economy.supply": "{currency}: supply {supply}, balances {balances}",
    "cli.economy.issuance_mismatch": "  issuance_mismatch: issuance holds {balance}",
    "cli.economy.supply_mismatch": ("  supply_mismatch: balances differ from minted minus burned"),
    "cli.economy.vault_mismatch": (
        "  vault_mismatch: the note vault holds {vault}, outstanding notes {outstanding}"
    ),
    "cli.economy.consistent": "economies consistent",
    "cli.finding.bad_amount": "journal row {ref} has amount {value}",
    "cli.finding.unknown_account": "the journal names missing account {ref}",
    "cli.finding.holds": "account {ref} holds {value}",
    "cli.finding.holds_journal": "account {ref} holds {value}, journal {expected}",
    "cli.rule.line": "rule #{id}: {who} {verdict}",
    "cli.who.role": "role {name}",
    "cli.who.user": "user #{id}",
    "cli.who.admin": "admin",
    "cli.verdict.allow": "allow",
    "cli.verdict.deny": "deny",
    "cli.why.standing": "standing",
    "cli.role.holders": "  holders: {holders}",
    "cli.rights.roles": "roles: {roles}",
    "cli.rights.rules": "rules: {rules}",
}
