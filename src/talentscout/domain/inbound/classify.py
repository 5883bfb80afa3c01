"""What a person's reply means: interested, not now (with a date when they gave one), not interested,
or a request to stop contacting them. Rules over the reply's own words (quoted history removed), in
English, German, French and Spanish; a recruiter can always correct the class.

Precedence: a stop request wins over everything; "later" wording (or a future date) wins over
"not interested" ("not interested right now, try me next year" is a not-now); a clear no wins over
polite interest words; anything else with no cue is ``unclear`` and waits for a recruiter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from talentscout.domain.inbound.dates import find_dates, later_than

CLASSES = ("interested", "not_now", "not_interested", "unsubscribe", "unclear")

_UNSUBSCRIBE = re.compile(
    r"\b(?:unsubscribe|remove me|take me off|stop (?:e-?mailing|messaging|texting|contacting|writing)|"
    r"do not (?:contact|email|e-mail|message)|don't (?:contact|email|e-mail|message)|"
    r"never contact|delete my (?:data|details)|opt[- ]?out|"
    r"abmelden|austragen|keine (?:weiteren )?(?:e-?mails|nachrichten)|kontaktieren sie mich nicht|"
    r"löschen sie meine daten|désabonner|desabonner|désinscrire|ne plus me contacter|ne me contactez plus|"
    r"darme de baja|dar de baja|no me contacte|no me contactes|no vuelva a contactarme)\b",
    re.I,
)
_NOT_NOW = re.compile(
    r"\b(?:not (?:right )?now|not at the moment|not at this time|not the right time|timing is(?:n't| not)|"
    r"maybe later|perhaps later|some other time|reach (?:back )?out (?:again )?(?:in|after|next)|"
    r"ping me|check back|circle back|try me|get back to me|contact me (?:again )?(?:in|after|next)|"
    r"ask me again|in a few months|next year|after (?:the )?(?:summer|holidays)|"
    r"derzeit nicht|im moment nicht|momentan nicht|gerade nicht|später|vielleicht im|nächstes jahr|"
    r"pas pour le moment|pas maintenant|plus tard|l'année prochaine|"
    r"ahora no|por ahora no|en este momento no|más adelante|mas adelante|el año que viene)\b",
    re.I,
)
_NOT_INTERESTED = re.compile(
    r"\b(?:not interested|no interest|no thanks|no thank you|not looking|not open to|"
    r"(?:happy|content|staying) (?:where i am|at|in my|with my)|i(?:'ll| will) pass|pass on this|"
    r"not for me|kein interesse|nicht interessiert|danke,? nein|nein danke|"
    r"pas intéressée?|pas interessee?|non merci|"
    r"no estoy interesad[oa]|no me interesa|no gracias)\b",
    re.I,
)
_INTERESTED = re.compile(
    r"\b(?:interested|interesting|sounds (?:good|great|interesting)|happy to (?:chat|talk|hear|learn)|"
    r"let'?s (?:talk|chat|set up|schedule|find a time)|tell me more|would love|i'd love|keen|"
    r"open to (?:a )?(?:chat|call|conversation|hearing)|call me|give me a call|my number is|"
    r"when (?:are|would) you (?:be )?(?:free|available)|i(?:'m| am) available|send (?:me )?(?:more|the)|"
    r"gerne|interessiert|klingt (?:gut|spannend|interessant)|"
    r"intéressée?|interessee?|avec plaisir|ça m'intéresse|volontiers|"
    r"me interesa|interesad[oa]|con gusto|suena bien)\b",
    re.I,
)
_QUOTE_START = re.compile(
    r"^(?:On .{0,200}wrote:|Am .{0,200}schrieb.{0,80}:|Le .{0,200}a écrit\s*:|El .{0,200}escribió:|"
    r"-{2,}\s*(?:Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original)|"
    r"From: .+|Von: .+|De: .+|Sent from my )",
    re.I | re.M,
)


@dataclass(frozen=True)
class Classification:
    label: str
    until: date | None = None
    evidence: str = ""


def own_words(body: str) -> str:
    """The reply without the quoted history below it and without ``>`` quoted lines."""
    match = _QUOTE_START.search(body)
    text = body[: match.start()] if match else body
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(">")).strip()


def classify_reply(body: str, received: date, subject: str | None = None) -> Classification:
    text = own_words(body)[:5000]
    if not text and subject:
        text = subject
    m = _UNSUBSCRIBE.search(text)
    if m:
        return Classification("unsubscribe", None, m.group(0))
    later = _NOT_NOW.search(text)
    when = later_than(text, received) or _explicit_future(text, received)
    if later:
        return Classification("not_now", when, later.group(0))
    no = _NOT_INTERESTED.search(text)
    if no and when is not None:
        return Classification("not_now", when, no.group(0))
    if no:
        return Classification("not_interested", None, no.group(0))
    yes = _INTERESTED.search(text)
    if yes:
        return Classification("interested", None, yes.group(0))
    return Classification("unclear")


def _explicit_future(text: str, received: date) -> date | None:
    dates = [d.value for d in find_dates(text, received) if d.value > received]
    return min(dates) if dates else None
