"""Deutsche Texte der Bücher: Kontoauszüge, Diagramme, Benachrichtigungen und ihre
Einstellungen, die Erinnerungen, und die Kommandozeile ``statements``."""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, str]] = {
    # --- help ---
    "help.statement.summary": "dein Kontoauszug eines Monats: Anfang, Buchungen, Ende",
    "help.statement.usage": "/statement [JJJJ-MM] [csv]",
    "help.statement.example": "/statement 2026-11",
    "help.chart.summary": "dein Kontostand im Verlauf als Bild",
    "help.chart.usage": "/chart [community]",
    "help.chart.example": "/chart",
    "help.notify.summary": "welche Benachrichtigungen du bekommst; Arten an- oder abschalten",
    "help.notify.usage": "/notify [on | off] [Art]",
    "help.notify.example": "/notify off communism",
    # --- statements ---
    "statement.title": "<b>Kontoauszug von {name}</b> für {month} ({zone})",
    "statement.opening": "Anfangsstand: <b>{balance}</b>",
    "statement.line": "{line}  → {balance}",
    "statement.none": "Keine Buchungen in diesem Monat.",
    "statement.closing": "Endstand: <b>{balance}</b> (ein {received}, aus {paid})",
    "statement.file_caption": "Dein Kontoauszug für {month}: {count} Buchungen.",
    # --- charts ---
    "chart.title.member": "Kontostand von {name}",
    "chart.title.community": "Die Bücher von {community}",
    "chart.series.community": "Gemeinschaft",
    "chart.caption": "{title}: {count} Buchungen, jetzt {balance}.",
    "chart.empty": "Noch keine Buchungen: es gibt nichts zu zeichnen.",
    # --- notifications and their settings ---
    "notify.title": "<b>Deine Benachrichtigungen</b>",
    "notify.line": "{state} <code>{kind}</code>: {description}",
    "notify.state.on": "🔔",
    "notify.state.off": "🔕",
    "notify.footer": (
        "Schalte eine mit <code>/notify off Art</code> ab, mit <code>/notify on Art</code> an."
    ),
    "notify.kind.received": "Geld, das dir jemand schickt",
    "notify.kind.communism": "dein Anteil an einem Kommunismus wurde abgebucht",
    "notify.kind.payment": "deine Zahlungsanfrage wurde bezahlt oder abgelehnt",
    "notify.kind.vouch": "eine Bürgschaft endete und dein Stand wurde ausgeglichen",
    "notify.kind.reminder": "eine monatliche Erinnerung, wenn dein Stand niedrig ist",
    "notify.now_on": "🔔 Du wirst wieder benachrichtigt: {description}.",
    "notify.now_off": "🔕 Du wirst nicht mehr benachrichtigt: {description}.",
    "notify.unknown_kind": "Es gibt keine Art von Benachrichtigung „{kind}“. Arten: {kinds}.",
    # --- the notices ---
    "notice.payment.paid": (
        "✅ Deine Zahlungsanfrage „{subject}“ wurde angenommen: die Gemeinschaft hat dir "
        "<b>{amount}</b> gezahlt. Stand: {balance}"
    ),
    "notice.payment.denied": "❌ Deine Zahlungsanfrage „{subject}“ über {amount} wurde abgelehnt.",
    "notice.communism.charged": (
        "🧾 Dein Anteil an „{subject}“ von {counterpart}: <b>{amount}</b>. Stand: {balance}"
    ),
    "notice.vouch.settled_in": (
        "🤝 Die Bürgschaft zwischen dir und {counterpart} endete: <b>{amount}</b> kamen zum "
        "Ausgleich zu dir. Stand: {balance}"
    ),
    "notice.vouch.settled_out": (
        "🤝 Die Bürgschaft zwischen dir und {counterpart} endete: <b>{amount}</b> gingen zum "
        "Ausgleich von dir. Stand: {balance}"
    ),
    "notice.reminder.below": (
        "⚠️ Dein Stand ist <b>{balance}</b>, unter {amount}. Schick /statement für die "
        "Buchungen dieses Monats, oder /notify off reminder gegen diese Erinnerungen."
    ),
    # --- errors ---
    "error.invalid_month": "„{text}“ ist kein Monat: {why}. Schreib ihn wie 2026-11.",
    "error.invalid_month.format": "schreib das Jahr, einen Strich und den Monat",
    "error.invalid_month.range": "diesen Monat gibt es hier nicht (1970-01 bis 2037-12)",
    "error.action.view_books": "die Bücher der Gemeinschaft lesen",
    # --- the command line ---
    "cli.statements.bad_month": "{text} ist kein Monat: schreib ihn wie 2026-11",
    "cli.statements.written": "{count} Kontoauszüge für {month} nach {path} geschrieben",
}
