"""The parties to decisions: fictional persons, firms and sole traders.

Names are drawn from the word lists in ``data/names.yaml``. ``Parties`` keeps a pool
of firms (repeat offenders are realistic) and makes a fresh natural person on demand.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from .codes import PREFIX_COMPANY, PREFIX_SOLE_TRADER, make_resident_id, make_uscc
from .datafiles import load

_NAMES = load("names")
SURNAMES: str = _NAMES["surnames"]
GIVEN: str = _NAMES["given"]
BRAND_FIRST: tuple[str, ...] = tuple(_NAMES["brand_first"])
BRAND_SECOND: str = _NAMES["brand_second"]
INDUSTRIES: tuple[str, ...] = tuple(_NAMES["industries"])
SHOPS: tuple[str, ...] = tuple(_NAMES["shops"])


def person_name(rng: random.Random) -> str:
    """A fictional two- or three-character name."""
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


def brand(rng: random.Random) -> str:
    """A fictional three-character brand, such as 青禾源."""
    return rng.choice(BRAND_FIRST) + rng.choice(BRAND_SECOND)


@dataclass
class Subject:
    """A party to decisions: firm, sole trader or natural person."""

    name: str
    kind: str
    code: str | None
    rep: str | None
    rep_id: str | None


class Parties:
    """A pool of fictional firms and sole traders (repeat offenders are realistic), plus persons."""

    def __init__(self, rng: random.Random, size: int):
        self.rng = rng
        self.firms: list[Subject] = []
        names: set[str] = set()
        bodies: set[str] = set()
        limit = len(BRAND_FIRST) * len(BRAND_SECOND) * len(INDUSTRIES)
        while len(self.firms) < min(size, limit):
            sole = rng.random() < 0.25
            name = f"示例区{brand(rng)}" + (rng.choice(SHOPS) if sole else rng.choice(INDUSTRIES))
            if name in names:
                continue
            body = f"{rng.randrange(10**8):08d}"
            if body in bodies:
                continue
            names.add(name)
            bodies.add(body)
            code = make_uscc(PREFIX_SOLE_TRADER if sole else PREFIX_COMPANY, body)
            rep = person_name(rng)
            rep_id = make_resident_id(rng) if rng.random() < 0.5 else None
            self.firms.append(
                Subject(name, "个体工商户" if sole else "法人及非法人组织", code, rep, rep_id)
            )

    def pick(self, person_share: float, companies_only: bool = False) -> Subject:
        """A firm from the pool, or (with ``person_share``) a fresh natural person."""
        if self.rng.random() < person_share:
            return Subject(person_name(self.rng), "自然人", None, None, make_resident_id(self.rng))
        firm = self.rng.choice(self.firms)
        while companies_only and firm.kind != "法人及非法人组织":
            firm = self.rng.choice(self.firms)
        return firm
