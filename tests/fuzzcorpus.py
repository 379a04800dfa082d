"""A fixed corpus of adversarial answers for the checkers, and a hang guard.

Each `Case` holds an answer and what it truly is: `value`, the exact Decimal value when the
answer is a real, finite number (or a 0-d array of one), or a bool for a True/False answer;
None when the answer is neither, so no check may call it correct. Every numeric value is a
"poison" far from any plausible answer; the tests still decide with `value` (independent
Decimal arithmetic) whether a "Correct" is earned.

`hang_guard(seconds)` arms faulthandler's C-level watchdog: a checker stuck in C code (where
neither Python signals nor Jupyter's interrupt reach) kills the test process with a traceback
instead of hanging the suite.
"""

from __future__ import annotations

import collections.abc
import datetime
import faulthandler
import itertools
import numbers
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Context, Decimal
from fractions import Fraction
from typing import Any

import numpy as np

POISON = Decimal("987654.25")          # exactly representable in binary floating point
POISON_INT = 987654

#: Dunders and methods the hostile classes make raise.
RAISING = (
    "__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__hash__", "__bool__",
    "__float__", "__int__", "__index__", "__complex__", "__len__", "__iter__", "__getitem__",
    "__contains__", "__repr__", "__str__", "__format__", "__abs__", "__neg__", "__pos__",
    "__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__", "__truediv__",
    "__rtruediv__", "__pow__", "__round__", "__trunc__", "__floor__", "__ceil__",
    "as_integer_ratio", "is_integer", "item", "tolist", "strip", "lower", "casefold", "split",
    "replace", "as_tuple", "is_nan", "is_infinite", "adjusted", "numerator", "denominator",
    "shape", "ndim", "dtype", "real", "imag", "conjugate", "__array__",
)


class Hostile(RuntimeError):
    """What the hostile methods raise."""


def _boom(*args, **kwargs):
    raise Hostile("hostile")


def hostile_subclass(base: type) -> type:
    """A subclass of `base` whose every listed method (that `base` has) raises."""
    names = {n: _boom for n in RAISING if hasattr(base, n)}
    for prop in ("numerator", "denominator", "shape", "ndim", "dtype", "real", "imag"):
        if prop in names:
            names[prop] = property(_boom)
    return type(f"Hostile{base.__name__.capitalize()}", (base,), names)


HostileFloat = hostile_subclass(float)
HostileInt = hostile_subclass(int)
HostileStr = hostile_subclass(str)
HostileList = hostile_subclass(list)
HostileTuple = hostile_subclass(tuple)
HostileDict = hostile_subclass(dict)
HostileDecimal = hostile_subclass(Decimal)
HostileFraction = hostile_subclass(Fraction)
HostileComplex = hostile_subclass(complex)
HostileSet = hostile_subclass(set)


class HostileArray(np.ndarray):
    """An ndarray subclass whose methods raise (numpy's own storage is untouched)."""


for _name in RAISING:
    if _name not in ("shape", "ndim", "dtype", "real", "imag") and hasattr(np.ndarray, _name):
        setattr(HostileArray, _name, _boom)
for _name in ("shape", "ndim", "dtype", "real", "imag"):
    setattr(HostileArray, _name, property(_boom))


class Opaque:
    """Every attribute lookup raises, even __class__."""

    def __getattribute__(self, name):
        raise Hostile("opaque")


class Impostor:
    """Claims to be a float through __class__ (isinstance believes it), but is not one."""

    @property
    def __class__(self):
        return float

    def __float__(self):
        return 0.0


class FakeReal(numbers.Real):
    """A registered Real whose every method raises."""


for _name in FakeReal.__abstractmethods__:
    setattr(FakeReal, _name, _boom)
FakeReal.__abstractmethods__ = frozenset()


class NanFloat:
    """Not a number type, but converts to NaN."""

    def __float__(self):
        return float("nan")


class LyingLen(list):
    """A list that claims an absurd length."""

    def __len__(self):
        return 10**30


class NegativeLen(list):
    def __len__(self):
        return -1


class Endless(list):
    """Says 3 items; iterating never ends."""

    def __len__(self):
        return 3

    def __iter__(self):
        return itertools.count()

    def __getitem__(self, index):
        return 1.0


class EndlessSequence(collections.abc.Sequence):
    """A Sequence ABC whose items never end and whose length lies."""

    def __len__(self):
        return 3

    def __getitem__(self, index):
        return 1.0


_SHIFTS = itertools.count()


class ShiftyList(list):
    """Each read of an item gives another value."""

    def __getitem__(self, index):
        return float(next(_SHIFTS))

    def __iter__(self):
        return (float(i) for i in itertools.count())


class HostileEq:
    """Equal to everything, and every comparison says True."""

    def __eq__(self, other):
        return True

    __le__ = __ge__ = __lt__ = __gt__ = __eq__

    def __ne__(self, other):
        return False

    __hash__ = object.__hash__

    def __float__(self):
        return float(POISON)


@dataclass(frozen=True, repr=False)
class Case:
    name: str
    answer: Any
    value: Decimal | bool | None = None     # what the answer truly is (see module docstring)

    def __repr__(self) -> str:               # the answers' own reprs may raise or be huge
        return f"Case({self.name!r})"


def _self_list() -> list:
    loop: list = []
    loop.append(loop)
    return loop


def _self_array() -> np.ndarray:
    arr = np.empty((), dtype=object)
    arr[()] = arr
    return arr


def numpy_scalars() -> list[Case]:
    """One poison scalar of every numpy scalar type (plus NaN, inf, NaT where they exist)."""
    cases = []
    for t in sorted(set(np.sctypeDict.values()), key=lambda t: t.__name__):
        name = f"np.{t.__name__}"
        if t is np.bool_:
            cases += [Case(f"{name}(True)", np.bool_(True), True),
                      Case(f"{name}(False)", np.bool_(False), False)]
        elif issubclass(t, np.timedelta64):
            cases += [Case(f"{name}(3 D)", np.timedelta64(3, "D")),
                      Case(f"{name}(10**18 ns)", np.timedelta64(10**18, "ns")),
                      Case(f"{name}(NaT)", np.timedelta64("NaT"))]
        elif issubclass(t, np.datetime64):
            cases += [Case(f"{name}(2020-01-02)", np.datetime64("2020-01-02")),
                      Case(f"{name}(NaT)", np.datetime64("NaT"))]
        elif issubclass(t, np.integer):
            info = np.iinfo(t)
            cases += [Case(f"{name}(max)", t(info.max), Decimal(int(info.max))),
                      Case(f"{name}(min)", t(info.min), Decimal(int(info.min)))]
        elif issubclass(t, np.floating):
            with np.errstate(over="ignore"):
                poison = t(float(POISON))          # float16: inf
            value = Decimal(float(poison)) if np.isfinite(poison) else None
            cases += [Case(f"{name}(poison)", poison, value),
                      Case(f"{name}(nan)", t("nan")), Case(f"{name}(-inf)", t("-inf")),
                      Case(f"{name}(max)", np.finfo(t).max,
                           Decimal(int(np.longdouble(np.finfo(t).max).as_integer_ratio()[0])))]
        elif issubclass(t, np.complexfloating):
            cases += [Case(f"{name}(poison+1j)", t(complex(float(POISON), 1))),
                      Case(f"{name}(poison+0j)", t(complex(float(POISON), 0)))]
        elif t is np.str_:
            cases.append(Case(f"{name}", np.str_("zzz poison")))
        elif t is np.bytes_:
            cases.append(Case(f"{name}", np.bytes_(b"987654.25")))
        elif t is np.void:
            cases.append(Case(f"{name}", np.void(b"\x00\x01")))
        elif t is np.object_:
            holder = np.empty((), dtype=object)
            holder[()] = Opaque()
            cases.append(Case(f"{name} 0-d holding Opaque", holder))
    return cases


def build() -> list[Case]:
    """The whole corpus (built once per session: some answers are large)."""
    p, pf = POISON, float(POISON)
    huge_list = [pf] * 10**6
    cases = [
        Case("None", None), Case("Ellipsis", ...),
        # Decimals that hang naive code (Fraction(Decimal('1e999999999')) never finishes)
        Case("Decimal 1e999999999", Decimal("1e999999999"), Decimal("1e999999999")),
        Case("Decimal -1e999999999", Decimal("-1e999999999"), Decimal("-1e999999999")),
        Case("Decimal 1e-999999999", Decimal("1e-999999999"), Decimal("1e-999999999")),
        Case("Decimal -1e-999999999", Decimal("-1e-999999999"), Decimal("-1e-999999999")),
        Case("Decimal 9.99e999999999", Decimal("9.99e999999999"), Decimal("9.99e999999999")),
        Case("Decimal 10**5 digits", Decimal("9" * 100_000), Decimal("9" * 100_000)),
        Case("Decimal 1.(7)x10**5", Decimal("1." + "7" * 100_000), Decimal("1." + "7" * 100_000)),
        Case("Decimal poison", Decimal(p), p),
        Case("Decimal NaN", Decimal("NaN")), Case("Decimal sNaN", Decimal("sNaN")),
        Case("Decimal Infinity", Decimal("Infinity")),
        Case("Decimal -Infinity", Decimal("-Infinity")),
        # huge and tiny exact numbers
        Case("int 10**100000", 10**100_000, Decimal(10) ** 100_000),
        Case("int -(2**2**20)", -(2 ** 2**20), None),   # value too long to write as Decimal
        Case("Fraction 1/10**100000", Fraction(1, 10**100_000), None),
        Case("Fraction (10**5000+1)/10**4994",
             Fraction(10**5000 + 1, 10**4994),
             Decimal(10**5000 + 1).scaleb(-4994, context=Context(prec=6000))),
        Case("float nan", float("nan")), Case("float inf", float("inf")),
        Case("float -inf", float("-inf")),
        Case("float 1.7e308", 1.7e308, Decimal(1.7e308)),
        Case("float 5e-324", 5e-324, Decimal(5e-324)),
        Case("float poison", pf, p), Case("int poison", POISON_INT, Decimal(POISON_INT)),
        Case("complex", complex(pf, 1.0)), Case("complex 0j", complex(pf, 0.0)),
        Case("True", True, True), Case("False", False, False),
        # subclasses whose methods raise
        Case("HostileFloat poison", HostileFloat(pf), p),
        Case("HostileFloat nan", HostileFloat("nan")),
        Case("HostileInt poison", HostileInt(POISON_INT), Decimal(POISON_INT)),
        Case("HostileStr", HostileStr("zzz poison")),
        Case("HostileStr numeric", HostileStr("987654.25")),
        Case("HostileDecimal poison", HostileDecimal(p), p),
        Case("HostileDecimal 1e999999999", HostileDecimal("1e999999999"),
             Decimal("1e999999999")),
        Case("HostileFraction poison", HostileFraction(Fraction(p)), p),
        Case("HostileComplex", HostileComplex(pf, 1.0)),
        Case("HostileList of 3", HostileList([pf, pf, pf])),
        Case("HostileTuple of 5", HostileTuple(("zzz",) * 5)),
        Case("HostileDict", HostileDict(a=1)), Case("HostileSet", HostileSet({1.5, 2.5})),
        Case("HostileArray 0-d", np.array(pf).view(HostileArray), p),
        Case("HostileArray of 4", np.full(4, pf).view(HostileArray)),
        Case("Opaque", Opaque()), Case("Impostor", Impostor()), Case("FakeReal", FakeReal()),
        Case("NanFloat", NanFloat()), Case("HostileEq", HostileEq()),
        Case("list of HostileFloat", [HostileFloat(pf)] * 5),
        Case("list of HostileStr", [HostileStr("zzz")] * 5),
        Case("list of Opaque", [Opaque()] * 5),
        # lying and endless sequences
        Case("LyingLen", LyingLen([pf, pf])), Case("NegativeLen", NegativeLen([pf])),
        Case("Endless", Endless([pf, pf, pf])), Case("EndlessSequence", EndlessSequence()),
        Case("ShiftyList of 5", ShiftyList([pf] * 5)),
        Case("itertools.count", itertools.count()),
        Case("generator", (x for x in itertools.count())),
        Case("self-containing list", _self_list()),
        Case("self-containing 0-d array", _self_array()),
        # huge containers and text
        Case("list of 10**6 floats", huge_list), Case("tuple of 10**6", tuple(huge_list)),
        Case("array of 10**6", np.full(10**6, pf)),
        Case("array 10**9 broadcast", np.broadcast_to(pf, (10**9,))),
        Case("array 2-d", np.full((3, 3), pf)), Case("array nan of 5", np.full(5, np.nan)),
        Case("text of 10**6", "z" * 10**6), Case("range 10**18", range(10**18)),
        Case("empty list", []), Case("empty text", ""), Case("spaces", "   "),
        Case("punctuation", "?!."), Case("nan text", "nan"), Case("huge text", "1e999999999"),
        Case("control text", "\x00\n\t\x1b[31m"), Case("unicode digits", "\U0001d7d9\u0663"),
        Case("bytes", b"987654.25"), Case("bytearray", bytearray(b"zz")),
        Case("memoryview", memoryview(b"zz")),
        # other types
        Case("dict", {"answer": pf}), Case("set", {pf}), Case("frozenset", frozenset({"zzz"})),
        Case("object", object()), Case("type", float), Case("function", len),
        Case("module", sys), Case("exception", ValueError("x")),
        Case("timedelta", datetime.timedelta(days=3)), Case("date", datetime.date(2020, 1, 2)),
        Case("datetime", datetime.datetime(2020, 1, 2, 3, 4)),
        Case("slice", slice(1, 2)), Case("NotImplemented", NotImplemented),
    ]
    cases += [Case(f"list of {k} poisons", [pf] * k) for k in range(0, 9)]
    cases += [Case(f"list of {k} labels", ["zzz poison"] * k) for k in range(1, 9)]
    cases += [Case(f"list of {k} NaN", [float("nan")] * k) for k in range(1, 9)]
    cases += [Case(f"list of {k} Decimal 1e999999999", [Decimal("1e999999999")] * k)
              for k in range(1, 9)]
    cases += [Case(f"tuple of {k} None and poison", (None,) + (pf,) * (k - 1))
              for k in range(2, 9)]
    cases += numpy_scalars()
    names = [c.name for c in cases]
    assert len(names) == len(set(names)), "case names must be unique"
    return cases


def report_file(config):
    """Where a hang's traceback can be read: the terminal's stderr as it was before pytest
    captured it (captured output is lost when the process dies); under pytest-xdist the
    controller also names the crashed test."""
    capturing = getattr(config.pluginmanager.get_plugin("capturemanager"),
                        "_global_capturing", None)
    for stream in ("err", "out"):
        saved = getattr(getattr(capturing, stream, None), "targetfd_save", None)
        if isinstance(saved, int):
            return saved
    return sys.__stderr__


@contextmanager
def hang_guard(seconds: float, file=None):
    """Kill the process, dumping every thread's traceback to `file`, if the block runs for
    `seconds`: works even when the block is stuck inside C code."""
    faulthandler.dump_traceback_later(seconds, exit=True, file=file or sys.__stderr__)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()
