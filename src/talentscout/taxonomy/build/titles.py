"""Occupation records, the job-title indexes and the O*NET ↔ ESCO crosswalk.

Each title a source lists votes for its occupation: an occupation's own title 100, its plural-free
form 90, an O*NET alternate title one point per source that reported it, a sampled reported title 2
(3 when O*NET shows it to job seekers), an ESCO alternative label 10 and a hidden label 1. A key goes
to the top vote; a tie between different occupations leaves it out unless the other taxonomy's
crosswalk names one of them. The crosswalk maps an occupation to the one in the other taxonomy that
most of its own titles resolve to.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from talentscout.taxonomy.build.labels import bracket_acronyms, label_key, strip_brackets
from talentscout.taxonomy.build.sources import EscoOccupationSource, OnetTitleSources

EXACT, ALT = 0, 1
Votes = dict[str, dict[str, list[int]]]  # key → occupation id → [score, how]


def _variants(title: str) -> list[str]:
    keys = [title, strip_brackets(title), *bracket_acronyms(title)]
    return list(dict.fromkeys(k for k in (label_key(t) for t in keys) if k))


def _singular(key: str) -> str:
    head, _, last = key.rpartition(" ")
    if last.endswith("ies"):
        last = last[:-3] + "y"
    elif last.endswith("s") and not last.endswith("ss"):
        last = last[:-1]
    return f"{head} {last}".strip()


def _vote(votes: Votes, keys: Iterable[str], occupation: str, score: int, how: int) -> None:
    for key in keys:
        entry = votes[key].setdefault(occupation, [0, ALT])
        entry[0] += score
        entry[1] = min(entry[1], how)


def onet_votes(occupations: dict[str, OnetTitleSources]) -> Votes:
    votes: Votes = defaultdict(dict)
    for code, occ in sorted(occupations.items()):
        own = label_key(occ.title)
        _vote(votes, [own], code, 100, EXACT)
        _vote(votes, {_singular(own)} - {own}, code, 90, EXACT)
        for title, short, sources in occ.alternate:
            keys = dict.fromkeys([*_variants(title), label_key(short)])
            _vote(votes, [key for key in keys if key], code, sources, ALT)
        for title, shown in occ.reported:
            _vote(votes, _variants(title), code, 3 if shown else 2, ALT)
    return votes


def esco_votes(occupations: dict[str, EscoOccupationSource]) -> Votes:
    votes: Votes = defaultdict(dict)
    for uuid, occ in sorted(occupations.items()):
        _vote(votes, _variants(occ.label), uuid, 100, EXACT)
        for label in occ.alt_labels:
            _vote(votes, _variants(label), uuid, 10, ALT)
        for label in occ.hidden_labels:
            _vote(votes, _variants(label), uuid, 1, ALT)
    return votes


LEAD = 1.5  # the winning family needs this many times the runner-up's votes


def _family_scores(candidates: dict[str, list[int]], family: dict[str, str]) -> list[tuple[str, int]]:
    scores: Counter[str] = Counter()
    for occupation, (score, _how) in candidates.items():
        scores[family.get(occupation, occupation)] += score
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))


def _winner(candidates: dict[str, list[int]], family: dict[str, str]) -> str | None:
    """The top occupation of a family that clearly leads; ``None`` when families are close."""
    families = _family_scores(candidates, family)
    if len(families) > 1 and families[0][1] < LEAD * families[1][1]:
        return None
    members = sorted(
        (occ for occ in candidates if family.get(occ, occ) == families[0][0]),
        key=lambda occ: (-candidates[occ][0], not occ.endswith(".00"), occ),
    )
    base = f"{families[0][0]}.00"  # O*NET: the SOC occupation itself, when its specialities are close
    close = len(members) > 1 and candidates[members[0]][0] < LEAD * candidates[members[1]][0]
    return base if close and base in family else members[0]


def onet_family(codes: Iterable[str]) -> dict[str, str]:
    """O*NET specialities (``29-1141.03``) belong to their SOC occupation (``29-1141``)."""
    return {code: code[:7] for code in codes}


def resolve(
    votes: Votes,
    family: dict[str, str],
    tie_breaker: dict[str, str] | None = None,
    contested: frozenset[str] = frozenset(),
) -> dict[str, list[object]]:
    """``key → [occupation, how]``. A key whose families are close is left out, unless
    ``tie_breaker`` (the other taxonomy's crosswalk) names one of the leaders; a ``contested`` key
    (one the other taxonomy finds generic) is kept only as an occupation's own title."""
    index: dict[str, list[object]] = {}
    for key, candidates in sorted(votes.items()):
        winner = _winner(candidates, family)
        if winner is None and tie_breaker and tie_breaker.get(key) in candidates:
            winner = tie_breaker[key]
        how = candidates[winner][1] if winner in candidates else ALT
        if winner is not None and (key not in contested or how == EXACT):
            index[key] = [winner, how]
    return index


def contested_keys(votes: Votes, family: dict[str, str]) -> frozenset[str]:
    """One-word keys several occupation families claim without a clear leader ("teacher")."""
    return frozenset(
        key for key, candidates in votes.items() if " " not in key and _winner(candidates, family) is None
    )


def crosswalk(labels: dict[str, list[str]], other_index: dict[str, list[object]]) -> dict[str, str]:
    """Occupation → the other taxonomy's occupation that most of its labels resolve to.

    ``labels`` lists an occupation's title first, then its alternatives; the title counts 3, each
    alternative 1. At least 2 points and a clear lead are required.
    """
    mapping: dict[str, str] = {}
    for occupation, titles in sorted(labels.items()):
        votes: Counter[str] = Counter()
        for position, key in enumerate(dict.fromkeys(titles)):
            if key in other_index:
                votes[str(other_index[key][0])] += 3 if position == 0 else 1
        ranked = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))
        if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            mapping[occupation] = ranked[0][0]
    return mapping


def onet_labels(occupations: dict[str, OnetTitleSources]) -> dict[str, list[str]]:
    return {
        code: [label_key(occ.title), *(k for t, _s, _n in occ.alternate for k in _variants(t))]
        for code, occ in occupations.items()
    }


def esco_labels(occupations: dict[str, EscoOccupationSource]) -> dict[str, list[str]]:
    return {
        uuid: [label_key(occ.label), *(k for t in occ.alt_labels for k in _variants(t))]
        for uuid, occ in occupations.items()
    }


def onet_records(
    occupations: dict[str, OnetTitleSources], to_esco: dict[str, str], esco_to_onet: dict[str, str]
) -> list[dict[str, Any]]:
    """One JSON object per occupation; ``esco`` lists its own crosswalk match first, then the ESCO
    occupations whose crosswalk points at it."""
    pointing: dict[str, list[str]] = defaultdict(list)
    for uuid, code in sorted(esco_to_onet.items()):
        pointing[code].append(uuid)
    records = []
    for code, occ in sorted(occupations.items()):
        record: dict[str, Any] = {"code": code, "title": occ.title, "related": occ.related}
        record["alt"] = sorted({title for title, _short, _n in occ.alternate})
        record["reported"] = sorted({title for title, _shown in occ.reported})
        record["job_zone"] = occ.job_zone
        own = [to_esco[code]] if code in to_esco else []
        record["esco"] = list(dict.fromkeys([*own, *pointing[code]]))
        records.append(record)
    return records


def esco_records(
    occupations: dict[str, EscoOccupationSource], to_onet: dict[str, str]
) -> list[dict[str, Any]]:
    return [
        {
            "uri": uuid,
            "label": occ.label,
            "alt": sorted(set(occ.alt_labels)),
            "hidden": sorted(set(occ.hidden_labels)),
            "isco": occ.isco_group,
            "onet": to_onet.get(uuid),
        }
        for uuid, occ in sorted(occupations.items())
    ]
