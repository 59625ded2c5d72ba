"""Deutsche Texte der Kommandozeile (``communitybot ...``): die Bots starten, die Datenbank."""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, str]] = {
    "cli.database_unusable": "die Datenbank ist nicht benutzbar ({where}): {reason}",
    "cli.not_initialised": (
        "die Datenbank ist nicht eingerichtet ({where}); führe zuerst "
        "<code>communitybot init</code> aus"
    ),
    "cli.no_database_file": (
        "die Datenbank ist nicht eingerichtet: {path} gibt es nicht; "
        "<code>communitybot init</code> legt sie an"
    ),
    "cli.revision": "Datenbank auf Revision {revision}",
    "cli.run.no_token": (
        "communitybot run: es ist kein Telegram-Bot-Token gesetzt.\n\n"
        "Hol dir bei @BotFather in Telegram ein Token, dann entweder\n"
        "  export COMMUNITYBOT_TELEGRAM_TOKEN=123456:ABC...     (oder in .env)\n"
        "oder setze telegram_token in config/communitybot.toml, und starte "
        "<code>communitybot run</code> noch einmal.\n"
        "Für einen eigenen Bot-API-Server setze auch COMMUNITYBOT_TELEGRAM_BASE_URL; für den "
        "Webhook-Betrieb\nCOMMUNITYBOT_TELEGRAM_MODE=webhook, COMMUNITYBOT_TELEGRAM_WEBHOOK_URL "
        "und\nCOMMUNITYBOT_TELEGRAM_WEBHOOK_SECRET (siehe docs/telegram.md).\n\n"
        "Um den Bot ohne Token und ohne Internet auszuprobieren, starte die Sandbox:\n"
        "  communitybot sandbox"
    ),
    "cli.discord.no_token": (
        "communitybot discord: es ist kein Discord-Bot-Token gesetzt.\n\n"
        "Lege unter https://discord.com/developers/applications eine Anwendung an, füge ihr "
        "einen Bot hinzu und kopiere\nsein Token, dann entweder\n"
        "  export COMMUNITYBOT_DISCORD_TOKEN=...     (oder in .env)\n"
        "oder setze discord_token in config/communitybot.toml, und starte "
        "<code>communitybot discord</code> noch einmal.\n"
        "Lade den Bot mit den Scopes <code>bot</code> und "
        "<code>applications.commands</code> auf deinen Server ein.\n"
        "Mach dich zum ersten Administrator mit\n"
        "  communitybot economy grant-admin DEINE_DISCORD_USER_ID\n"
        "und gründe auf deinem Server eine Wirtschaft mit /economy create (siehe docs/discord.md)."
    ),
    "cli.discord.not_installed": (
        "communitybot discord: discord.py ist nicht installiert. Installiere das Extra:\n"
        "  pip install 'communitybot[discord]'"
    ),
    "cli.discord.token_refused": (
        "communitybot discord: Discord hat das Token abgelehnt; prüfe COMMUNITYBOT_DISCORD_TOKEN."
    ),
    "cli.sandbox.not_installed": (
        "communitybot sandbox: die Sandbox ist nicht installiert.\n\n"
        "Sie ist ein Entwicklungswerkzeug, das mit dem Quelltext kommt, nicht mit dem Paket "
        "communitybot. Starte sie\naus einem Checkout des Repositorys: scripts/run (ohne Token), "
        "oder dort <code>pip install -e .</code>\nund dann <code>communitybot sandbox</code>."
    ),
    "cli.economy.admin": "Benutzer {id} ist Administrator: {permissions}",
    "cli.economy.tax_total": "insgesamt {total} in {count} Zahlungen",
    "cli.economy.tax_cycle": "Steuerlauf {period} von {currency}: {collected} in {count} Zahlungen",
    "cli.economy.tick": "bezahlt {paid}, fehlgeschlagen {failed}, beendet {finished}",
    "cli.economy.recovered": "abgeschlossen {completed}, rückgängig {reversed}, hängend {stuck}",
    "cli.economy.stuck": "  hängend: Umtausch {id}",
    "cli.economy.expired": "verfallen {expired}, fehlgeschlagen {failed}",
    "cli.economy.expiry_failed": "  fehlgeschlagen: Banknote {id}",
    "cli.economy.exported": "{rows} Buchungszeilen nach {path} geschrieben",
    "cli.roles.none": (
        "noch keine Rollen (<code>communitybot users grant-role USER treasurer</code> legt die "
        "erste an)"
    ),
    "cli.role.granted": "{user} hat jetzt die Rolle {role}",
    "cli.role.held": "{user} hat die Rolle {role} schon",
    "cli.role.revoked": "{user} hat die Rolle {role} nicht mehr",
    "cli.role.not_held": "{user} hat die Rolle {role} nicht",
    "cli.rule.removed": "{who}: Regel für {action} entfernt",
    "cli.rule.none": "{who}: keine Regel für {action}",
    "cli.rule.allowed": "{who}: {action} erlaubt",
    "cli.rule.denied": "{who}: {action} verboten",
    "cli.rule.inert": (
        "Hinweis: {who} darf {action} weiterhin nicht: keine Regel hebt die Grenze seines "
        "Status auf"
    ),
    "cli.community_user": "Gemeinschaftskonto #{id} {name}: {balance}",
    "cli.yes": "ja",
    "cli.no": "nein",
    "cli.users.header": (
        "    id          tid        Stand  Wahl aktiv  Status                   Name"
    ),
    "cli.status.community": "Gemeinschaft",
    "cli.status.internal": "intern",
    "cli.status.vouched": "extern (Bürge #{voucher})",
    "cli.status.unvouched": "extern (ohne Bürgen)",
    "cli.user.status": "Status: {status}",
    "cli.user.transactions": "Buchungen: {count}",
    "cli.user.vouches": "bürgt für: {vouchees}",
    "cli.user.collectives": "offene Sammlungen: {collectives}",
    "cli.user.settled": "ausgeglichen #{id} {name}: {amount}",
    "cli.user.changed": "#{id} {name}: {status}, Stimmrecht {vote}, aktiv {active}",
    "cli.arg.no_date": "{text} ist kein Datum wie 2024-03-01 oder 2024-03-01 18:30",
    "cli.arg.zoned": "{text}: gib die Zeit ohne Zone an, in der Zeitzone der Datenbank",
    "cli.arg.no_zone": "{text} braucht eine Zeitzone (z. B. 2026-03-01T00:00:00+00:00)",
    "cli.arg.no_action": "{text} ist keine Aktion; eine von: {actions}",
    "cli.arg.no_role": (
        "{text} ist kein Rollenname (1 bis 32 Zeichen aus a-z, 0-9, {underscore} und -)"
    ),
    "cli.check.accepted": (
        "Altbestand #{id} angenommen: {covered} Befund(e) {code} vor {cutoff} ({note}), "
        "angenommen {accepted}"
    ),
    "cli.check.consistent": "Kassenbuch stimmig",
    "cli.check.problems": "{count} Problem(e) gefunden",
    "cli.exported": "{count} {what} nach {path} geschrieben",
    "cli.economy.supply": "{currency}: Geldmenge {supply}, Guthaben {balances}",
    "cli.economy.issuance_mismatch": "  issuance_mismatch: das Ausgabekonto hat {balance}",
    "cli.economy.supply_mismatch": (
        "  supply_mismatch: die Guthaben weichen von geschöpft minus vernichtet ab"
    ),
    "cli.economy.vault_mismatch": (
        "  vault_mismatch: der Tresor der Banknoten hat {vault}, offene Banknoten {outstanding}"
    ),
    "cli.economy.consistent": "Wirtschaften stimmig",
    "cli.finding.bad_amount": "Journalzeile {ref} hat den Betrag {value}",
    "cli.finding.unknown_account": "das Journal nennt das fehlende Konto {ref}",
    "cli.finding.holds": "Konto {ref} hat {value}",
    "cli.finding.holds_journal": "Konto {ref} hat {value}, laut Journal {expected}",
    "cli.rule.line": "Regel #{id}: {who} {verdict}",
    "cli.who.role": "Rolle {name}",
    "cli.who.user": "Benutzer #{id}",
    "cli.who.admin": "Admin",
    "cli.verdict.allow": "erlaubt",
    "cli.verdict.deny": "verboten",
    "cli.why.standing": "Stellung",
    "cli.role.holders": "  Inhaber: {holders}",
    "cli.rights.roles": "Rollen: {roles}",
    "cli.rights.rules": "Regeln: {rules}",
}
