"""LinkedIn ``Connections.csv``: the "Notes:" preamble, a blank line, then one row per connection."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from random import Random

from talentscout.demo import noise
from talentscout.demo.model import Person, day_between, month_name
from talentscout.demo.sources.truth import TruthRow

PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are missing.'
    " You will only see email addresses for connections who have allowed their connections to see or"
    " download their email address using this setting https://www.linkedin.com/psettings/privacy/email."
    ' You can learn more here https://www.linkedin.com/help/linkedin/answer/261"\n'
    "\n"
)
HEADER = ("First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On")
_CREDENTIALS = (", MBA", ", PhD", ", CPA", ", PMP", ", CFA")
_NURSE_CREDENTIALS = (", RN", ", BSN, RN", ", RN, CCRN")


def write(path: Path, people: Sequence[Person], rng: Random) -> list[TruthRow]:
    """Newest connection first, as LinkedIn sorts the export; most email addresses are hidden."""
    rows = sorted(
        ((day_between(rng, date(2012, 1, 1), date(2026, 10, 31)), p) for p in people),
        key=lambda pair: (pair[0], pair[1].key),
        reverse=True,
    )
    truth = []
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(PREAMBLE)
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(HEADER)
        for number, (connected, p) in enumerate(rows, start=1):
            out.writerow(_row(p, rng, connected))
            truth.append(TruthRow(number, noise.linkedin_canonical(p), p.key))
    return truth


def _row(p: Person, rng: Random, connected: date) -> list[str]:
    given, family = noise.written_name(p, rng)
    if rng.random() < 0.04:
        family += rng.choice(_NURSE_CREDENTIALS if p.occupation.key == "nursing" else _CREDENTIALS)
    email = noise.email(p, rng, work_share=0.2) if rng.random() < 0.08 else ""
    employed = rng.random() > 0.03
    return [
        given,
        family,
        noise.linkedin_canonical(p),
        email,
        p.employer.name if employed else "",
        noise.title_text(p, rng) if employed else "",
        f"{connected.day:02d} {month_name(connected)} {connected.year}",
    ]
