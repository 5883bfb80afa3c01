"""Contact details for the ground-truth people: unique unless a hard negative shares them on purpose."""

from __future__ import annotations

from random import Random

from talentscout.demo.model import Phone
from talentscout.demo.places import City, Country
from talentscout.demo.text import handle
from talentscout.demo.work import Company

_EMAIL_PATTERNS = (
    "{g}.{f}",
    "{g}{f}",
    "{g}.{f}{yy}",
    "{i}{f}",
    "{g}_{f}",
    "{f}.{g}",
    "{g}{f}{nn}",
    "{i}.{f}",
)
_SLUG_PATTERNS = ("{g}-{f}-{hex}", "{g}-{f}-{hex}", "{g}{f}", "{g}-{f}", "{i}{f}{nn}", "{g}-{f}-{nn}")
_GITHUB_PATTERNS = ("{g}{f}", "{i}{f}", "{g}-{f}", "{f}{i}", "{g}{yy}", "{g}-{hex}")


class Registry:
    """Remembers every address, handle and number handed out, so none is reused by accident."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def claim(self, rng: Random, make: str, fill: dict[str, str]) -> str:
        """Fill ``make`` ({g}, {f}, {i}, {yy}, {nn}, {hex}); add digits until the result is unused."""
        value = make.format(**fill, **_numbers(rng))
        while not self.take(value):
            local, _, domain = value.partition("@")
            value = f"{local}{rng.randint(2, 99)}" + (f"@{domain}" if domain else "")
        return value

    def take(self, value: str) -> bool:
        """Reserve ``value``; False when someone already has it."""
        if value in self._taken:
            return False
        self._taken.add(value)
        return True


def _numbers(rng: Random) -> dict[str, str]:
    return {
        "yy": f"{rng.randint(70, 104) % 100:02d}",
        "nn": str(rng.randint(1, 99)),
        "hex": f"{rng.getrandbits(32):08x}"[: rng.choice((6, 7, 8))],
    }


def _fill(given: str, family: str, *, german: bool = False) -> dict[str, str]:
    g, f = handle(given.split()[0], german=german), handle(family.split()[0], german=german)
    return {"g": g, "f": f, "i": g[:1]}


def personal_email(
    rng: Random, reg: Registry, country: Country, given: str, family: str, *, german: bool
) -> str:
    provider = rng.choice(country.mail)
    if provider in ("qq.com", "163.com") and rng.random() < 0.6:
        return reg.claim(rng, f"{rng.randint(10**8, 10**10 - 1)}@{provider}", {})
    return reg.claim(rng, f"{rng.choice(_EMAIL_PATTERNS)}@{provider}", _fill(given, family, german=german))


def work_email(rng: Random, reg: Registry, company: Company, given: str, family: str, *, german: bool) -> str:
    pattern = "{g}.{f}" if rng.random() < 0.75 else rng.choice(("{i}{f}", "{g}", "{g}{i}"))
    return reg.claim(rng, f"{pattern}@{company.domain}", _fill(given, family, german=german))


def linkedin_slug(rng: Random, reg: Registry, given: str, family: str, *, german: bool) -> str:
    return reg.claim(rng, "in:" + rng.choice(_SLUG_PATTERNS), _fill(given, family, german=german))[3:]


def github_handle(rng: Random, reg: Registry, given: str, family: str, *, german: bool) -> str:
    return reg.claim(rng, "gh:" + rng.choice(_GITHUB_PATTERNS), _fill(given, family, german=german))[3:]


def phone(rng: Random, reg: Registry, country: Country, city: City, *, landline: bool = False) -> Phone:
    """A mobile (or, with ``landline``, a number in the city's landline range) nobody else has."""
    if landline and city.landline:
        prefix, length = city.landline, city.landline_len
    else:
        prefix, length = rng.choice(country.mobile)
        prefix = prefix.replace("{area}", city.area)
    for attempt in range(10_000):
        if attempt and attempt % 50 == 0:  # the range is full (a huge population): widen it
            prefix = prefix[:-1]
        digits = length - len(prefix)
        nsn = f"{prefix}{rng.randrange(10**digits):0{digits}d}"
        if reg.take(f"+{country.calling_code}{nsn}"):
            return Phone(country, nsn)
    raise RuntimeError(f"no free phone number left in {city.name}")
