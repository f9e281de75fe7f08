"""Tensor dimensions: known ints, exact symbolic expressions, or unknown-with-a-reason.

A dimension is one of
- ``int``: known;
- ``None``: only for the batch axis, as Keras prints it;
- :class:`Sym`: an input size the file leaves open (``H``), kept as an exact integer
  expression so ``(H + 6 - 7) // 2 + 1`` stays exact and comparable;
- :class:`UnknownDim`: the analysis cannot know it; carries the reason.

Arithmetic between these follows one rule: unknown absorbs everything, symbols stay
exact, and nothing is ever rounded or guessed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Union


class UnknownDim:
    """A dimension the analysis cannot know, with the reason why."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def __repr__(self) -> str:
        return f"UnknownDim({self.reason!r})"

    def _absorb(self, *_: object) -> "UnknownDim":
        return self

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _absorb
    __floordiv__ = __rfloordiv__ = __mod__ = __rmod__ = __neg__ = _absorb


# ---------------------------------------------------------------- symbolic dims
# A Sym is a normalised integer polynomial-ish expression: a sum of terms, each
# term a coefficient times a product of atoms, plus a constant. Atoms are names
# ("H") or floor divisions of a Sym by a positive int. Normalising sums keeps
# ``(H + 6) - 7`` as ``H - 1`` and makes equal expressions compare equal.

Atom = Union[str, "FloorDiv"]
# Multiplying sums of symbols expands them; repeated products grow without bound, so
# past this many term pairs the result is unknown rather than slow.
MAX_TERMS = 1_000
MAX_SYM_SIZE = 500
Monomial = tuple  # sorted tuple of atoms


@dataclass(frozen=True)
class FloorDiv:
    num: "Sym"
    den: int

    def __str__(self) -> str:
        return f"({self.num}) // {self.den}" if self.num.needs_parens() else f"{self.num} // {self.den}"

    def sort_key(self) -> str:
        return "~" + str(self)


def _atom_key(atom: Atom) -> str:
    return atom if isinstance(atom, str) else atom.sort_key()


class Sym:
    """An exact integer expression over named input sizes."""

    __slots__ = ("terms", "const", "_hash", "_size")

    def __init__(self, terms: dict[Monomial, int] | None = None, const: int = 0) -> None:
        self.terms = {m: c for m, c in (terms or {}).items() if c != 0}
        self.const = const
        self._hash: int | None = None
        self._size: int | None = None

    def size(self) -> int:
        """How many atoms the expression has when written out (floor divisions expand
        their numerator); what printing, hashing and comparing it cost."""
        if self._size is None:
            self._size = sum(1 if isinstance(a, str) else 1 + a.num.size() for m in self.terms for a in m)
        return self._size

    @staticmethod
    def name(name: str) -> "Sym":
        return Sym({(name,): 1})

    # -- construction helpers
    @staticmethod
    def of(value: "Dim") -> "Sym | UnknownDim | None":
        if isinstance(value, Sym):
            return value
        if isinstance(value, bool):
            return None
        if isinstance(value, int):
            return Sym({}, value)
        if isinstance(value, UnknownDim):
            return value
        return None

    def simplified(self) -> "Dim":
        """An int when the expression has no symbols left."""
        return self.const if not self.terms else self

    # -- arithmetic
    def __add__(self, other: object) -> "Dim":
        o = Sym.of(other)  # type: ignore[arg-type]
        if o is None:
            return NotImplemented
        if isinstance(o, UnknownDim):
            return o
        terms = dict(self.terms)
        for m, c in o.terms.items():
            terms[m] = terms.get(m, 0) + c
        return _bounded(Sym(terms, self.const + o.const).simplified())

    __radd__ = __add__

    def __neg__(self) -> "Sym":
        return Sym({m: -c for m, c in self.terms.items()}, -self.const)

    def __sub__(self, other: object) -> "Dim":
        o = Sym.of(other)  # type: ignore[arg-type]
        if o is None:
            return NotImplemented
        if isinstance(o, UnknownDim):
            return o
        return self + (-o)

    def __rsub__(self, other: object) -> "Dim":
        o = Sym.of(other)  # type: ignore[arg-type]
        if o is None:
            return NotImplemented
        if isinstance(o, UnknownDim):
            return o
        return o + (-self)

    def __mul__(self, other: object) -> "Dim":
        o = Sym.of(other)  # type: ignore[arg-type]
        if o is None:
            return NotImplemented
        if isinstance(o, UnknownDim):
            return o
        if len(self.terms) * len(o.terms) > MAX_TERMS:
            return UnknownDim("a symbolic size expression too large to keep exact")
        terms: dict[Monomial, int] = {}
        const = self.const * o.const
        for m, c in self.terms.items():
            if o.const:
                terms[m] = terms.get(m, 0) + c * o.const
        for m, c in o.terms.items():
            if self.const:
                terms[m] = terms.get(m, 0) + c * self.const
        for m1, c1 in self.terms.items():
            for m2, c2 in o.terms.items():
                m = tuple(sorted(m1 + m2, key=_atom_key))
                terms[m] = terms.get(m, 0) + c1 * c2
        return _bounded(Sym(terms, const).simplified())

    __rmul__ = __mul__

    def __floordiv__(self, other: object) -> "Dim":
        if isinstance(other, UnknownDim):
            return other
        if not isinstance(other, int) or isinstance(other, bool) or other <= 0:
            return UnknownDim(f"{self} divided by {other}")
        if other == 1:
            return self
        # Normal form, so equal sizes print and compare alike (all identities hold for integer X):
        # (X + q*d + r) // d == (X + r) // d + q with 0 <= r < d ...
        quotient, rest = divmod(self.const, other)
        if all(c % other == 0 for c in self.terms.values()):
            # ... (d*X + r) // d == X ...
            return Sym({m: c // other for m, c in self.terms.items()}, 0) + quotient
        num = Sym(self.terms, rest)
        # ... (g*X) // (g*d) == X // d ...
        g = math.gcd(other, rest, *num.terms.values())
        if g > 1:
            num, other = Sym({m: c // g for m, c in num.terms.items()}, rest // g), other // g
        if len(num.terms) == 1:
            (monomial, coef), = num.terms.items()
            if coef == 1 and len(monomial) == 1 and isinstance(monomial[0], FloorDiv):
                # ... and (X // a + r) // d == (X + r*a) // (a*d).
                inner = monomial[0]
                return (inner.num + num.const * inner.den) // (inner.den * other) + quotient
        return _bounded(Sym({(FloorDiv(num, other),): 1}) + quotient)

    def __rfloordiv__(self, other: object) -> "Dim":
        return UnknownDim(f"{other} divided by a symbolic size {self}")

    def __mod__(self, other: object) -> "Dim":
        if isinstance(other, int) and not isinstance(other, bool) and other > 0:
            return self - (self // other) * other
        return UnknownDim(f"{self} modulo {other}")

    # -- comparison: structural equality of the normal form
    def _key(self) -> tuple:
        return (tuple(sorted(((tuple(_atom_key(a) for a in m), c) for m, c in self.terms.items()))), self.const)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sym):
            return self._key() == other._key()
        return False

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(self._key())
        return self._hash

    def symbols(self) -> set[str]:
        out: set[str] = set()
        for m in self.terms:
            for a in m:
                out |= {a} if isinstance(a, str) else a.num.symbols()
        return out

    # -- text
    def needs_parens(self) -> bool:
        return len(self.terms) + (1 if self.const else 0) > 1

    def __str__(self) -> str:
        parts: list[str] = []
        for m, c in sorted(self.terms.items(), key=lambda mc: [_atom_key(a) for a in mc[0]]):
            body = " * ".join(str(a) if isinstance(a, str) or len(m) == 1 else f"({a})" for a in m)
            if c == 1:
                term = body
            elif c == -1:
                term = "-" + body
            else:
                term = f"{c} * {body}"
            parts.append(term)
        if self.const or not parts:
            parts.append(str(self.const))
        text = parts[0]
        for p in parts[1:]:
            text += f" - {p[1:]}" if p.startswith("-") else f" + {p}"
        return text

    def __repr__(self) -> str:
        return f"Sym({str(self)!r})"


def _bounded(value: "Dim") -> "Dim":
    """Expressions that keep growing (``t = t // 2 + t // 3`` in a loop doubles in size
    each time) become unknown instead of exponentially slow."""
    if isinstance(value, Sym) and value.size() > MAX_SYM_SIZE:
        return UnknownDim("a symbolic size expression too large to keep exact")
    return value


Dim = Union[int, None, Sym, UnknownDim]

# Tensor sizes are int64 in every backend: a dimension or weight larger than this cannot
# exist (Keras fails first), and counts built from it must not reach the reports.
MAX_DIM = 2 ** 63 - 1


def is_known(dim: object) -> bool:
    return isinstance(dim, int) and not isinstance(dim, bool)


def dims_equal(a: Dim, b: Dim) -> bool | None:
    """True/False when it can be decided, None when it cannot (unknowns)."""
    if isinstance(a, UnknownDim) or isinstance(b, UnknownDim):
        return None
    if a is None or b is None:
        return None if a is not b else True
    if isinstance(a, int) and isinstance(b, int):
        return a == b
    if isinstance(a, Sym) and isinstance(b, Sym):
        return True if a == b else None
    # a symbol against an int: the symbol could take that value
    return None


def dim_to_json(dim: Dim) -> int | str | None:
    if isinstance(dim, bool):
        return int(dim)
    if isinstance(dim, int):
        return dim
    if isinstance(dim, Sym):
        return str(dim)
    return None


def dim_text(dim: Dim) -> str:
    if isinstance(dim, int) and not isinstance(dim, bool):
        return str(dim)
    if isinstance(dim, Sym):
        return str(dim)
    if isinstance(dim, UnknownDim):
        return "?"
    return "None"


def product(dims: "list[Dim] | tuple[Dim, ...]") -> Dim:
    """The product of dims, exact (int or Sym) or UnknownDim."""
    total: Dim = 1
    for d in dims:
        if d is None:
            return UnknownDim("a dimension is None")
        total = total * d  # type: ignore[operator]
    return total
