"""symrg.groundtypes: the one converter between int/Fraction, flint and sympy."""

import math
import random
from fractions import Fraction

import flint
import sympy

from symrg.groundtypes import int_digits, to_fmpq, to_python, to_sympy


def _rationals(n=300, seed=3):
    rng = random.Random(seed)
    for _ in range(n):
        yield Fraction(rng.randint(-10 ** 30, 10 ** 30), rng.randint(1, 10 ** rng.randint(0, 25)))


def test_round_trips_through_every_ground_type():
    for q in _rationals():
        s = to_sympy(q)
        assert s == sympy.Rational(str(q.numerator), str(q.denominator))  # sympy parses text
        assert isinstance(s, sympy.Integer) == (q.denominator == 1)
        back = to_python(s)
        assert back == q and isinstance(back, int) == (q.denominator == 1)
        f = to_fmpq(s)
        assert (int(f.p), int(f.q)) == (q.numerator, q.denominator)
        assert to_sympy(f) == s and to_python(f) == back
        assert to_sympy(flint.fmpz(q.numerator)) == q.numerator


def test_int_digits_beyond_the_str_limit():
    """7^9000 has floor(9000 log10 7) + 1 = 7606 digits (over the 4300 of ``str``)."""
    text = int_digits(-(7 ** 9000))
    assert text[0] == "-" and len(text) == 1 + math.floor(9000 * math.log10(7)) + 1
    assert text[-12:] == f"{pow(7, 9000, 10 ** 12):012d}"            # the last digits
    assert text[1:13] == f"{7 ** 9000 // 10 ** (7606 - 12)}"           # the first digits
