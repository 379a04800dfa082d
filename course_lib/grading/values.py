"""Answers as plain values: `encode` in the student's kernel, `decode` in the grader.

`encode` turns an answer into JSON-safe data made only of tagged plain values (None, bool,
int, float, complex, str, Decimal, Fraction, list, tuple, set, dict, numeric numpy arrays);
anything else becomes an "opaque" record holding only its type name. `decode` rebuilds plain
Python and numpy objects from that data and nothing else: no pickle, no code, no student
class ever reaches the grader, so an answer cannot carry behaviour (a float subclass that
lies, an object whose comparison always says equal) into the trusted checker.
"""

from __future__ import annotations

import math
import numbers
import re
from decimal import Decimal
from fractions import Fraction
from typing import Any

__all__ = ["LIMITS", "Opaque", "decode", "encode"]

#: Bounds on what an answer may hold; past them the answer is recorded as opaque.
LIMITS = {"depth": 20, "items": 100_000, "text": 10_000, "int_digits": 4_000}

_NUMPY_KINDS = "biufcU"  # bool, int, uint, float, complex, unicode: the array kinds decoded


class _Budget:
    def __init__(self) -> None:
        self.items = 0

    def spend(self, n: int = 1) -> None:
        self.items += n
        if self.items > LIMITS["items"]:
            raise _TooBig


class _TooBig(Exception):
    pass


def _type_name(value: Any) -> str:
    try:
        return type(value).__name__
    except Exception:
        return "object"


def _opaque(value: Any, why: str = "") -> dict:
    out = {"t": "opaque", "type": _type_name(value)}
    if why:
        out["why"] = why
    return out


def encode(value: Any) -> dict:
    """JSON-safe tagged data for `value` (never raises)."""
    try:
        return _encode(value, 0, _Budget())
    except _TooBig:
        return _opaque(value, "too large")
    except Exception:
        return _opaque(value, "unreadable")


def _encode(value: Any, depth: int, budget: _Budget) -> dict:
    budget.spend()
    if depth > LIMITS["depth"]:
        raise _TooBig
    if value is None:
        return {"t": "none"}
    if value is Ellipsis:
        return {"t": "ellipsis"}
    np = _numpy()
    if isinstance(value, bool) or (np is not None and isinstance(value, np.bool_)):
        return {"t": "bool", "v": bool(value)}
    if np is not None and isinstance(value, np.ndarray):
        return _encode_array(value, depth, budget)
    if isinstance(value, numbers.Integral):
        digits = str(int(value))
        if len(digits) > LIMITS["int_digits"]:
            raise _TooBig
        return {"t": "int", "v": digits}
    if isinstance(value, Decimal):
        return {"t": "decimal", "v": str(Decimal(value))}
    if isinstance(value, Fraction):
        return {"t": "fraction", "v": str(Fraction(value))}
    if isinstance(value, float) or (np is not None and isinstance(value, np.floating)):
        return {"t": "float", "v": repr(float(value))}
    if isinstance(value, complex) or (np is not None and isinstance(value, np.complexfloating)):
        c = complex(value)
        return {"t": "complex", "re": repr(c.real), "im": repr(c.imag)}
    if isinstance(value, str):
        text = str.__str__(value)
        if len(text) > LIMITS["text"]:
            raise _TooBig
        return {"t": "str", "v": text}
    for kind, cls in (("list", list), ("tuple", tuple), ("set", set), ("frozenset", frozenset)):
        if isinstance(value, cls):
            items = list(cls.__iter__(value))
            budget.spend(len(items))
            return {"t": kind, "items": [_encode(v, depth + 1, budget) for v in items]}
    if isinstance(value, dict):
        pairs = list(dict.items(value))
        budget.spend(2 * len(pairs))
        return {"t": "dict", "items": [[_encode(k, depth + 1, budget),
                                        _encode(v, depth + 1, budget)] for k, v in pairs]}
    return _opaque(value)


def _encode_array(value: Any, depth: int, budget: _Budget) -> dict:
    if value.dtype.kind not in _NUMPY_KINDS:
        return _opaque(value, f"numpy array of dtype {value.dtype.kind!r}")
    budget.spend(int(value.size))
    flat = value.ravel().tolist()
    return {"t": "ndarray", "dtype": value.dtype.str, "shape": [int(n) for n in value.shape],
            "items": [_encode(v, depth + 1, budget) for v in flat]}


def _numpy():
    try:
        import numpy
    except ImportError:  # pragma: no cover - numpy is a course dependency
        return None
    return numpy


# --------------------------------------------------------------------------- decode


class Opaque:
    """Stands in for an answer that is not a plain value; only its type name survives."""

    __slots__ = ("type_name", "why")

    def __init__(self, type_name: str, why: str = "") -> None:
        self.type_name = type_name
        self.why = why

    def __repr__(self) -> str:
        return f"<{self.type_name}>"


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,39}")


def _opaque_object(data: dict) -> Any:
    """An instance of a fresh class named like the student's type (so feedback can say
    "a SimulationResult, but a number is expected"), with no behaviour of its own."""
    name = str(data.get("type", "object"))
    if not _NAME.fullmatch(name):
        name = "object"
    cls = type(name, (Opaque,), {"__slots__": ()})
    return cls(name, str(data.get("why", ""))[:100])


def decode(data: Any) -> Any:
    """The plain value that `encode` described; raises ValueError on malformed data."""
    if not isinstance(data, dict) or not isinstance(data.get("t"), str):
        raise ValueError("data must be a dict with a 't' tag (from encode)")
    return _decode(data, 0)


def _real(text: Any) -> float:
    if not isinstance(text, str) or len(text) > 40:
        raise ValueError(f"bad float {text!r}")
    return float(text)


def _decode(data: Any, depth: int) -> Any:
    if depth > LIMITS["depth"] + 1 or not isinstance(data, dict):
        raise ValueError("malformed answer data")
    tag = data.get("t")
    if tag == "none":
        return None
    if tag == "ellipsis":
        return Ellipsis
    if tag == "bool":
        return bool(data["v"] is True)
    if tag == "int":
        digits = data["v"]
        if not isinstance(digits, str) or len(digits) > LIMITS["int_digits"] + 1:
            raise ValueError("bad int")
        return int(digits)
    if tag == "float":
        return _real(data["v"])
    if tag == "complex":
        return complex(_real(data["re"]), _real(data["im"]))
    if tag == "decimal":
        return Decimal(str(data["v"])[:200])
    if tag == "fraction":
        return Fraction(str(data["v"])[:200])
    if tag == "str":
        return str(data["v"])[: LIMITS["text"]]
    if tag in ("list", "tuple", "set", "frozenset"):
        items = [_decode(v, depth + 1) for v in data["items"]]
        if tag in ("set", "frozenset"):
            try:
                return {"set": set, "frozenset": frozenset}[tag](items)
            except TypeError:  # an unhashable item: cannot be a set here
                return _opaque_object({"type": tag, "why": "unhashable item"})
        return items if tag == "list" else tuple(items)
    if tag == "dict":
        out = {}
        for pair in data["items"]:
            key, value = (_decode(v, depth + 1) for v in pair)
            try:
                out[key] = value
            except TypeError:
                return _opaque_object({"type": "dict", "why": "unhashable key"})
        return out
    if tag == "ndarray":
        return _decode_array(data, depth)
    if tag == "opaque":
        return _opaque_object(data)
    raise ValueError(f"unknown tag {tag!r}")


def _decode_array(data: dict, depth: int) -> Any:
    import numpy as np

    dtype = np.dtype(str(data["dtype"])[:20])
    if dtype.kind not in _NUMPY_KINDS:
        raise ValueError(f"array dtype {dtype} is not plain")
    shape = tuple(int(n) for n in data["shape"])
    items = [_decode(v, depth + 1) for v in data["items"]]
    if math.prod(shape) != len(items):
        raise ValueError("array shape does not match its items")
    return np.array(items, dtype=dtype).reshape(shape)
