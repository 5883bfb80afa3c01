"""Auto-replies: recognised by their headers (RFC 3834 and the common vendor ones) or by out-of-office
wording in English, German, French and Spanish, and never counted as a reply. An out-of-office that says
when its writer is back yields that date, so the next step waits instead of stopping.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from talentscout.domain.inbound.dates import find_dates

_OOO_SUBJECT = re.compile(
    r"\b(?:auto(?:matic)?[- ]?(?:reply|response|antwort)|out of (?:the )?office|ooo|abwesenheit|"
    r"abwesend|außer haus|ausser haus|absence|absent|réponse automatique|reponse automatique|"
    r"fuera de la oficina|respuesta automática|respuesta automatica|ausente|vacation|on leave|"
    r"urlaub|congés|conges|vacaciones)\b",
    re.I,
)
_OOO_BODY = re.compile(
    r"(?:i am|i'm|i will be) (?:currently )?(?:out of (?:the )?office|away|on (?:vacation|holiday|leave|"
    r"parental leave|annual leave))|out of (?:the )?office (?:until|from|through|till)|"
    r"limited access to (?:my )?e-?mail|(?:ich bin|bin ich) (?:derzeit |zurzeit |bis )?.{0,40}?"
    r"(?:nicht im büro|abwesend|im urlaub|außer haus)|"
    r"je suis (?:actuellement )?(?:absent|absente|en congés?|en vacances)|"
    r"(?:estoy|me encuentro) (?:actualmente )?(?:fuera de la oficina|de vacaciones|ausente)|"
    r"this is an automatic reply|dies ist eine automatische antwort|ceci est une réponse automatique|"
    r"esta es una respuesta automática",
    re.I,
)
_BACK = re.compile(
    r"\b(?:back|return|returning|returns|zurück|wieder (?:im büro|erreichbar|da)|ab dem|ab|de retour|retour|"
    r"reprendrai|regreso|regresaré|de vuelta|vuelvo|volveré|available again)\b",
    re.I,
)
_UNTIL = re.compile(
    r"\b(?:until|till|through|bis(?: zum| einschließlich)?|jusqu'au|jusqu’au|hasta el|hasta)\b", re.I
)


@dataclass(frozen=True)
class AutoReply:
    reason: str
    out_of_office: bool
    return_date: date | None = None


def _header(headers: Mapping[str, str], name: str) -> str:
    return str(headers.get(name.lower(), "") or "").strip().lower()


def header_reason(headers: Mapping[str, str]) -> str | None:
    """Why the headers say this was sent by a machine, or None. ``headers`` keys are lower-case."""
    auto = _header(headers, "auto-submitted")
    if auto and auto != "no":
        return f"Auto-Submitted: {auto}"
    for name in ("x-autoreply", "x-autorespond", "x-autoresponse"):
        if _header(headers, name):
            return f"{name} header"
    if _header(headers, "precedence") in ("auto_reply", "bulk", "junk"):
        return f"Precedence: {_header(headers, 'precedence')}"
    if _header(headers, "x-auto-response-suppress") in ("all", "oof", "autoreply"):
        return "X-Auto-Response-Suppress header"
    return None


def detect_auto_reply(
    headers: Mapping[str, str], subject: str | None, body: str, received: date
) -> AutoReply | None:
    """An ``AutoReply`` when the message was written by a machine, else None."""
    text = body[:4000]
    ooo = bool(_OOO_SUBJECT.search(subject or "")) or bool(_OOO_BODY.search(text))
    reason = header_reason(headers)
    if reason is None and not ooo:
        return None
    return_date = return_date_of(f"{subject or ''}\n{text}", received) if ooo or reason else None
    return AutoReply(reason or "out-of-office wording", ooo or return_date is not None, return_date)


def return_date_of(text: str, received: date) -> date | None:
    """The day the writer is back: a date after a "back on" cue, or the day after an "until" date."""
    month_first = bool(re.search(r"\b(?:until|back|return)\b", text, re.I)) and not re.search(
        r"\b(?:bis|jusqu|hasta|zurück)\b", text, re.I
    )
    best: date | None = None
    for found in find_dates(text, received, month_first=month_first and _us_style(text)):
        before = text[max(0, found.start - 60) : found.start]
        if _BACK.search(before):
            candidate = found.value
        elif _UNTIL.search(before):
            candidate = found.value + timedelta(days=1)
        else:
            continue
        if candidate > received and (best is None or candidate > best):
            best = candidate
    return best


def _us_style(text: str) -> bool:
    """Numeric dates are day-first unless the text also writes dates month-first in words."""
    return bool(
        re.search(
            r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
            r"December)\s+\d{1,2}\b",
            text,
        )
    )
