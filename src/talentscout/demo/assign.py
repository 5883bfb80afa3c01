"""Who appears in which source: 1–3 sources a person, drawn with each source's reach in mind."""

from __future__ import annotations

from collections.abc import Callable
from random import Random

from talentscout.demo.model import Person

#: source key -> (share of appearances, how likely this person is to be in it)
_EU = frozenset({"DE", "PL", "FR", "ES"})
_ANGLO_REACH = frozenset({"US", "GB", "IN", "NG"})
REACH: dict[str, tuple[float, Callable[[Person], float]]] = {
    "linkedin": (36, lambda p: 1.0 if p.linkedin else 0.0),
    "jsonresume": (7, lambda p: 1.0 if p.occupation.tech else 0.1),
    "vcard": (12, lambda p: (1.0 if p.country.iso == "DE" else 0.1) * (1.0 if p.occupation.tech else 0.1)),
    "referral": (4, lambda p: 1.0),
    "greenhouse": (16, lambda p: 1.0),
    "lever": (12, lambda p: 1.0),
    "talentbridge": (6, lambda p: 1.0 if p.country.iso in _EU else 0.25),
    "hirewell": (5, lambda p: 1.0 if p.country.iso in _ANGLO_REACH else 0.25),
}
#: the hard negatives' sources, fixed so each pair is certain to show up (one tuple per group member)
_FORCED: dict[str, tuple[tuple[str, ...], ...]] = {
    "same-name:maria-garcia": (("linkedin", "greenhouse"), ("linkedin", "lever")),
    "same-name:wei-zhang": (("linkedin", "jsonresume"), ("linkedin", "greenhouse")),
    "same-name:thomas-mueller": (("linkedin", "talentbridge"), ("vcard", "linkedin")),
    "household:becker-hamburg": (("greenhouse", "referral"), ("lever", "talentbridge")),
    "household:okafor-lagos": (("hirewell", "lever"), ("greenhouse",)),
    "household:nowak-warsaw": (("talentbridge",), ("referral", "jsonresume")),
}


def assign(
    rng: Random, population: list[Person], *, cv_count: int, both_agencies: int
) -> dict[str, list[Person]]:
    """Source key -> its people. ``cv_count`` get a résumé; ``both_agencies`` are sent by both agencies."""
    members: dict[str, list[Person]] = {key: [] for key in (*REACH, "cv")}
    seen: dict[str, int] = {}
    ordinary = [p for p in population if p.hard_negative is None]
    cv = {p.key for p in rng.sample(ordinary, cv_count)}
    rest = [p for p in ordinary if p.key not in cv]
    twice = {p.key for p in rng.sample(rest, min(both_agencies, len(rest)))}
    for p in population:
        if p.hard_negative:
            index = seen[p.hard_negative] = seen.get(p.hard_negative, -1) + 1
            keys = list(_FORCED[p.hard_negative][index])
        else:
            fixed = ["cv"] if p.key in cv else ["talentbridge", "hirewell"] if p.key in twice else []
            wanted = max(len(fixed), rng.choices((1, 2, 3), (55, 30, 15))[0])
            keys = fixed + _draw(rng, p, wanted - len(fixed), exclude=fixed)
        for key in keys:
            members[key].append(p)
    return members


def _draw(rng: Random, p: Person, count: int, *, exclude: list[str]) -> list[str]:
    """``count`` different sources, weighted by share and by this person's reach."""
    options = {
        key: share * reach(p) for key, (share, reach) in REACH.items() if key not in exclude and reach(p) > 0
    }
    chosen: list[str] = []
    while len(chosen) < count and options:
        key = rng.choices(list(options), list(options.values()))[0]
        chosen.append(key)
        del options[key]
    return chosen
