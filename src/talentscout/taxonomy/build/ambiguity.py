"""Which skill keys are unsafe to match in running text, and how to match them there.

``case``: match only when written exactly as the source writes the name ("Go", "Excel", "C", "SAN"),
not at the start of a sentence or line, not inside a hyphenated word and not next to another
capitalised word; or as an item of a list of skills. ``list``: only as an item of a list of skills
("Skills: Chef, Puppet, Ansible"). The rules themselves live in ``talentscout/taxonomy/extract.py``.

A one-word key needs a rule when it is short (one or two characters), an everyday word (written in
lower case at least three times in the O*NET/ESCO prose, or listed in :data:`CASE_WORDS`), an
acronym ("ETC", "SAN", "ARTS": "etc", "San Diego" and "arts" are not them), a job title ("chef") or
a company better known as an employer (:data:`LIST_WORDS`). Short alternative labels ("AR", "VB")
and names only ever written in lower case can only be matched in lists.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from talentscout.taxonomy.build.skills import Candidate
from talentscout.taxonomy.normalise import tokenize

# Names of tools and languages that are also everyday words but rarely appear in lower case in the
# O*NET/ESCO prose the build learns everyday words from. Everything else is decided from the data.
CASE_WORDS = frozenset(
    """access ada airflow ant basic blender box bootstrap canvas chef consul crystal dart elm epic excel
    express flask git go hive jest julia kafka keynote logo make maya mocha nomad notes numbers office
    oracle outlook packer pages paint pandas perl pig processing project puppet ruby rust sage salt
    scala scratch shell sketch slack spark spring storm swift tableau teams torch unity vagrant vault
    visual windows word zoom""".split()  # noqa: SIM905 (a word list reads better as words)
)
# Companies that O*NET also lists as a product: in a résumé "at Google" is an employer.
LIST_WORDS = frozenset({"amazon", "apple", "cisco", "google", "ibm", "microsoft"})


def ambiguity(
    winners: dict[str, Candidate],
    candidates: dict[str, list[Candidate]],
    is_common: Callable[[str], bool],
    title_keys: Iterable[str],
) -> dict[str, list[object]]:
    """``key → [mode, written forms]`` for every one-word key that needs care in free text."""
    titles = set(title_keys)
    modes: dict[str, list[object]] = {}
    for key, winner in sorted(winners.items()):
        if " " in key:
            continue
        written = {_surface(c.written) for c in candidates[key] if c.skill_id == winner.skill_id}
        cased = sorted(form for form in written if form != form.lower())
        short = len(key) <= 2 and key.isalnum()
        acronym = bool(cased) and all(form.isupper() and len(form) > 1 for form in cased)
        if not (
            short or acronym or is_common(key) or key in CASE_WORDS or key in titles or key in LIST_WORDS
        ):
            continue
        list_only = key in titles or key in LIST_WORDS or not cased or (short and winner.tier != 0)
        modes[key] = ["list" if list_only else "case", cased]
    return modes


def _surface(label: str) -> str:
    """How a one-token label appears in text once tokenised: ``Act!`` → ``Act``."""
    tokens = tokenize(label)
    return tokens[0].surface(label) if len(tokens) == 1 else label
