"""The parties to decisions: fictional persons, firms and sole traders.

Names are drawn from the word lists in ``data/names.yaml``. ``Parties`` keeps a pool
of firms (repeat offenders are realistic), each in the trades its name says (a 理发店
is a barber, a 建筑工程有限公司 builds), and hands a decision template a firm of one of
the trades it is about, or a fresh natural person.
"""

from __future__ import annotations

import random
from collections.abc import Collection
from dataclasses import dataclass, field

from .codes import PREFIX_COMPANY, PREFIX_SOLE_TRADER, make_resident_id, make_uscc
from .datafiles import load

_NAMES = load("names")
SURNAMES: str = _NAMES["surnames"]
GIVEN: str = _NAMES["given"]
BRAND_FIRST: tuple[str, ...] = tuple(_NAMES["brand_first"])
BRAND_SECOND: str = _NAMES["brand_second"]
#: Company name ending → its trades; sole trader (个体工商户) name ending → its trades.
INDUSTRIES: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in _NAMES["industries"].items()}
SHOPS: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in _NAMES["shops"].items()}
_ENDINGS = {False: tuple(INDUSTRIES), True: tuple(SHOPS)}

#: Firms of each kind (name ending) the pool starts with.
FIRMS_PER_KIND = 3
LEGAL_PERSON, SOLE_TRADER, NATURAL_PERSON = "法人及非法人组织", "个体工商户", "自然人"
#: Trade words every firm of a kind is in: any company, any sole trader, any firm.
_KIND_TRADES = {
    LEGAL_PERSON: frozenset({"company", "firm"}),
    SOLE_TRADER: frozenset({"sole", "firm"}),
}


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
    """法定代表人 of a company; 经营者 of a sole trader (a natural person); None for a person."""
    rep_id: str | None
    brand: str = ""
    """The firm's brand (its own projects are named after it); empty for a person."""
    trades: frozenset[str] = field(default_factory=frozenset)


class Parties:
    """A pool of fictional firms and sole traders (repeat offenders are realistic), plus persons."""

    def __init__(self, rng: random.Random, size: int):
        self.rng = rng
        self.firms: list[Subject] = []
        self._pools: dict[tuple[str, ...], list[Subject]] = {}
        self._by_trade: dict[str, list[int]] = {}
        """Trade → positions of its firms in ``firms``."""
        names: set[str] = set()
        bodies: set[str] = set()
        limit = len(BRAND_FIRST) * len(BRAND_SECOND) * len(INDUSTRIES)
        # A few firms of every kind first, so every trade has several parties however small
        # the sample (one shop drawing every penalty of its trade would look contrived).
        kinds = [(False, k) for k in INDUSTRIES] + [(True, k) for k in SHOPS]
        kinds *= FIRMS_PER_KIND
        while len(self.firms) < max(len(kinds), min(size, limit)):
            if len(self.firms) < len(kinds):
                sole, ending = kinds[len(self.firms)]
            else:
                sole = rng.random() < 0.25
                ending = rng.choice(_ENDINGS[sole])
            mark = brand(rng)
            name = f"示例区{mark}{ending}"
            body = f"{rng.randrange(10**8):08d}"
            if name in names or body in bodies:
                continue
            names.add(name)
            bodies.add(body)
            kind = SOLE_TRADER if sole else LEGAL_PERSON
            code = make_uscc(PREFIX_SOLE_TRADER if sole else PREFIX_COMPANY, body)
            rep = person_name(rng)
            rep_id = make_resident_id(rng) if rng.random() < 0.5 else None
            trades = (SHOPS if sole else INDUSTRIES)[ending] | _KIND_TRADES[kind]
            for trade in trades:
                self._by_trade.setdefault(trade, []).append(len(self.firms))
            self.firms.append(Subject(name, kind, code, rep, rep_id, mark, trades))

    def person(self) -> Subject:
        """A fresh natural person (自然人): no code, no representative, an ID number."""
        return Subject(
            person_name(self.rng), NATURAL_PERSON, None, None, make_resident_id(self.rng)
        )

    def pool(self, trades: tuple[str, ...]) -> list[Subject]:
        """Firms in any of ``trades``, in pool order (computed once per combination)."""
        pool = self._pools.get(trades)
        if pool is None:
            found = set().union(*(self._by_trade.get(t, ()) for t in trades))
            pool = self._pools[trades] = [self.firms[i] for i in sorted(found)]
        return pool

    def pick(
        self, trades: tuple[str, ...], person_share: float = 0.0, avoid: Collection[str] = ()
    ) -> Subject:
        """A firm in one of ``trades``, or (with ``person_share``) a fresh natural person.

        With ``avoid`` (names), a firm not in it if a few draws find one, while most of the
        trade is not in it: in a small sample, the same firm granted the same licence or fined
        for the same thing again and again looks made up; in a large one, repeats are real.
        """
        if person_share and self.rng.random() < person_share:
            return self.person()
        pool = self._pools.get(trades) or self.pool(trades)
        choice = self.rng.choice
        firm = choice(pool)
        if firm.name in avoid and len(avoid) < len(pool) // 2:
            for _ in range(3):
                firm = choice(pool)
                if firm.name not in avoid:
                    break
        return firm
