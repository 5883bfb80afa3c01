"""vCard 3.0 and 4.0 files (event badge scanners, QR contact exchange, phone exports).

A file holds one or many cards. We split it on ``BEGIN:VCARD``/``END:VCARD`` ourselves and hand each
card to ``vobject`` separately, so one card vobject cannot read becomes one rejected row (with its
index and the parser's message) and the cards after it still import.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO, ClassVar, NamedTuple, cast

import vobject

from talentscout.domain.records import CandidateData, ImportFileError, ParsedRow, Problem, SourceChannel
from talentscout.importers.base import ImportOptions
from talentscout.importers.text import LineReader, Progress, bounded_id, content_hash, display_name, open_text

MAX_CARD_CHARS = 5_000_000  # a card with a large embedded PHOTO is ~1 MB
_PAYLOAD_CHARS = 64_000  # how much of an oversized card is kept in its payload


class CardText(NamedTuple):
    number: int  # 1-based position of the card in the file
    text: str
    error: str | None


def split_cards(lines: Iterable[str]) -> Iterator[CardText]:
    """Yield each ``BEGIN:VCARD`` … ``END:VCARD`` block; a block that never ends or is too long
    comes back with ``error`` set. Text outside cards is ignored."""
    index, chunks, size, error = 0, list[str](), 0, None
    inside = False
    for line in lines:
        marker = line.strip().upper()
        if marker == "BEGIN:VCARD":
            if inside:
                yield CardText(index, "".join(chunks), "BEGIN:VCARD without a matching END:VCARD")
            index, chunks, size, error, inside = index + 1, [line], len(line), None, True
        elif inside:
            size += len(line)
            if size <= MAX_CARD_CHARS:
                chunks.append(line)
            else:
                error = f"the card is longer than {MAX_CARD_CHARS:,} characters"
            if marker == "END:VCARD":
                yield CardText(index, "".join(chunks), error)
                inside = False
    if inside:
        yield CardText(index, "".join(chunks), "the file ends before END:VCARD")


class VCardImporter:
    """One ``ParsedRow`` per card; the channel is ``EVENT`` (badge scans and contact exchange)."""

    format: ClassVar[str] = "vcard"
    default_channel: ClassVar[SourceChannel] = SourceChannel.EVENT

    def parse(self, path: Path, *, options: ImportOptions) -> Iterator[ParsedRow]:
        with open_text(path, options=options) as handle:
            raw = cast("BinaryIO", handle.buffer)
            progress = Progress(options.on_progress, path.stat().st_size, every=100)
            found = False
            for card in split_cards(LineReader(handle)):
                found = True
                yield parse_card(card)
                progress.step(raw.tell())
            if not found:
                raise ImportFileError(display_name(path, options), "no BEGIN:VCARD … END:VCARD card found")
            progress.done()


def parse_card(card: CardText) -> ParsedRow:
    """One card's text → a ``ParsedRow`` (rejected when vobject cannot read it)."""
    payload = {"vcard": card.text[:_PAYLOAD_CHARS] if card.error else card.text}
    if card.error:
        return _rejected(card.number, payload, f"card {card.number}: {card.error}")
    try:
        parsed = vobject.readOne(card.text, allowQP=True)
        candidate = candidate_from_vcard(parsed)
    except Exception as exc:  # vobject raises ParseError and, on odd input, almost anything else
        return _rejected(card.number, payload, f"card {card.number} could not be read: {str(exc)[:300]}")
    external_id = _external_id(parsed, candidate)
    if candidate.is_empty():
        return _rejected(
            card.number, payload, "the card has no name, email, phone, URL, title or organisation"
        )
    return ParsedRow(external_id, card.number, payload, candidate)


def _rejected(index: int, payload: dict[str, Any], reason: str) -> ParsedRow:
    return ParsedRow(f"card-{index}", index, payload, None, [Problem("vcard", reason, fatal=True)])


def candidate_from_vcard(card: Any) -> CandidateData:
    """The person described by a parsed vobject card; contact values stay as written."""
    data = CandidateData(full_name=_first_text(card, "fn"))
    name = _lines(card, "n")
    if name:
        data.given_name = _flat(getattr(name[0].value, "given", None))
        data.family_name = _flat(getattr(name[0].value, "family", None))
    if not data.full_name and (data.given_name or data.family_name):
        data.full_name = " ".join(n for n in (data.given_name, data.family_name) if n)
    data.emails = _contacts(card, "email", data.contact_hints)
    data.phones = _contacts(card, "tel", data.contact_hints)
    data.urls = [u for u in (_flat(line.value) for line in _lines(card, "url", "x-socialprofile")) if u]
    data.current_employer = _organisation(card)
    data.current_title = _first_text(card, "title")
    _address(card, data)
    data.notes = [n for n in (_flat(line.value) for line in _lines(card, "note")) if n]
    data.tags = list(dict.fromkeys(t for line in _lines(card, "categories") for t in _values(line.value)))
    return data


def _lines(card: Any, *names: str) -> list[Any]:
    return [line for name in names for line in card.contents.get(name, [])]


def _flat(value: object) -> str | None:
    """A vobject value (text, or a list of components) as one stripped string."""
    if isinstance(value, list | tuple):
        value = " ".join(str(v) for v in value if v)
    text = " ".join(str(value).split()) if value is not None else ""
    return text or None


def _values(value: object) -> list[str]:
    items = value if isinstance(value, list | tuple) else str(value or "").split(",")
    return [text for text in (_flat(v) for v in items) if text]


def _first_text(card: Any, name: str) -> str | None:
    return next((t for t in (_flat(line.value) for line in _lines(card, name)) if t), None)


def _organisation(card: Any) -> str | None:
    """The organisation name: ORG's first component (``ORG:Acme GmbH;R&D`` → ``Acme GmbH``)."""
    orgs = _lines(card, "org")
    if not orgs:
        return None
    value = orgs[0].value
    return _flat(value[:1] if isinstance(value, list) else value)


def _contacts(card: Any, name: str, hints: dict[str, str]) -> list[str]:
    """EMAIL or TEL values in order; TYPE=work/home goes into ``hints`` as "work"/"personal".

    vCard 4's ``tel:`` URI scheme is dropped: it is how the format stores the number, not how the
    person wrote it.
    """
    values = []
    for line in _lines(card, name):
        value = _flat(line.value)
        if value and name == "tel":
            value = value.removeprefix("tel:")
        if not value:
            continue
        values.append(value)
        types = {t.strip().casefold() for t in _types(line)}
        if "work" in types:
            hints[value] = "work"
        elif "home" in types:
            hints[value] = "personal"
    return values


def _types(line: Any) -> list[str]:
    """TYPE parameters in every spelling: ``TYPE=work,pref``, ``TYPE=work;TYPE=pref``, 2.1's ``;WORK``."""
    params = {str(k).upper(): v for k, v in line.params.items()}
    listed = [t for v in params.get("TYPE", []) for t in str(v).split(",")]
    return listed + [str(p) for p in line.singletonparams]


def _address(card: Any, data: CandidateData) -> None:
    """City, region and country from the first ADR (preferring TYPE=work)."""
    addresses = sorted(
        _lines(card, "adr"), key=lambda line: "work" not in {t.casefold() for t in _types(line)}
    )
    if not addresses:
        return
    value = addresses[0].value
    data.city = _flat(getattr(value, "city", None))
    data.region = _flat(getattr(value, "region", None))
    data.country = _flat(getattr(value, "country", None))
    data.location = ", ".join(p for p in (data.city, data.region, data.country) if p) or None


def _external_id(card: Any, candidate: CandidateData) -> str:
    """UID, else the first email, else a hash of what the card says (not of REV/PRODID noise)."""
    uid = _first_text(card, "uid")
    if uid:
        return bounded_id(uid)
    if candidate.emails:
        return bounded_id(candidate.emails[0].casefold())
    return content_hash(dataclasses.asdict(candidate))
