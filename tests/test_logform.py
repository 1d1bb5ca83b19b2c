"""Sample couplings as collected logs of primes (symrg.text.logform) are exact rewrites.

Checked on the fixed-point families of examples/relu3.toml and the paper's model
width 2 against two independent routes: sympy's own expand_log(factor=True), and
exponentiation, where e^{L K} (L the common denominator) is an exact rational
times a sign for both forms; the imaginary parts are compared at 40 digits.
"""

import warnings
from pathlib import Path

import mpmath
import pytest
import sympy

from symrg.fixedpoints.analysis import find_fixed_points
from symrg.text.logform import log_form, log_form_latex, log_form_text, terminal_text
from symrg.model.files import load_model

ROOT = Path(__file__).parent.parent


def _rebuilt(form):
    return (form["constant"] + sum(a * sympy.log(q) for q, a in form["logs"].items())
            + form["pi_i"] * sympy.I * sympy.pi)


@pytest.fixture(scope="module")
def sample_values():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = load_model(ROOT / "examples" / "relu3.toml")
    values = [v for fam in find_fixed_points(model).families if fam.sample is not None
              for k, v in fam.sample.couplings.items() if not k.startswith("exp_")]
    assert any(not sympy.sympify(v).is_Rational for v in values)     # logs are present
    return values


def test_log_form_equals_the_value(sample_values):
    for value in sample_values:
        form = log_form(value)
        assert form is not None, value
        assert all(sympy.isprime(q) for q in form["logs"])
        rebuilt = _rebuilt(form)
        # route 1: sympy factors the log arguments itself
        assert sympy.expand(sympy.expand_log(value, force=True, factor=True) - rebuilt) == 0
        # route 2: e^{L K} is exact for both forms; imaginary parts agree numerically
        L = sympy.ilcm(*[sympy.Rational(c).q for c in
                         [form["constant"], form["pi_i"], *form["logs"].values()]])
        lhs, rhs = (sympy.exp(sympy.expand(L * x)) for x in (value, rebuilt))
        assert lhs.is_Rational and lhs == rhs
        with mpmath.workdps(40):
            a, b = (complex(sympy.N(x, 40)) for x in (value, rebuilt))
            assert abs(a - b) < 1e-12
        # the record text parses back to the same value
        assert sympy.expand(sympy.sympify(log_form_text(form)) - rebuilt) == 0


def test_log_form_text_and_latex():
    x = (-7 * sympy.log(2) / 12 - sympy.log(9) / 6 - sympy.log(3) / 4 + sympy.log(12) / 12
         + 11 * sympy.I * sympy.pi / 12)
    form = log_form(x)
    assert form == {"constant": 0, "logs": {2: sympy.Rational(-5, 12), 3: sympy.Rational(-1, 2)},
                    "pi_i": sympy.Rational(11, 12)}
    text = log_form_text(form)
    assert text == "-5/12*log(2) - 1/2*log(3) + 11/12*I*pi"
    assert terminal_text(text) == "-5/12 ln 2 - 1/2 ln 3 + 11/12 i pi"
    assert log_form_latex(form) == r"- \frac{5}{12} \ln 2 - \frac{1}{2} \ln 3 + \frac{11}{12} \pi i"


def test_values_that_are_not_log_forms():
    assert log_form(sympy.sqrt(2)) is None
    assert log_form(sympy.log(1 + sympy.sqrt(2))) is None
    assert log_form(sympy.Float("0.5")) is None
    assert terminal_text("0.5*x") is None
    assert log_form(sympy.log(-sympy.Rational(4, 3))) == {
        "constant": 0, "logs": {2: 2, 3: -1}, "pi_i": 1}



def test_huge_log_arguments_give_no_log_form_and_a_decimal_on_the_page():
    """A sample coupling ln(x) with x of 1400 digits (a p = 3 model with rational
    exponents makes such points): no factorint, and the page and the terminal show the
    value to a few digits while the exact value stays in the record."""
    from symrg.text.fplatex import sample_value_latex as _sample_value_latex
    from symrg.text.summary import format_number
    x = sympy.Rational(3 ** 3000, 2 ** 2000 + 1)
    value = sympy.log(x) / 3 + sympy.I * sympy.pi
    assert log_form(value) is None
    tex = _sample_value_latex("K_h", value)
    assert tex.startswith(r"\approx ") and len(tex) < 80
    re_part, im_part = tex[len(r"\approx "):].split(" + ")
    assert abs(sympy.Float(re_part, 15) - sympy.N(sympy.log(x) / 3, 15)) < 1e-8
    assert im_part == r"\pi i" or abs(sympy.Float(im_part.rstrip(" i"), 15)
                                     - sympy.N(sympy.pi, 15)) < 1e-8
    text = format_number(str(x))
    assert text.startswith("~") and len(text) < 30
    assert abs(sympy.Float(text[1:], 15) / sympy.N(x, 15) - 1) < 1e-8


def test_flat_and_unexpanded_values_give_the_same_form(sample_values):
    """log_form reads a flat sum c ln(x) (+ c i pi) as it stands and expands any other
    shape first: both routes give the form of the expanded value."""
    from symrg.text.logform import _collect
    for value in sample_values:
        expanded = _collect(sympy.expand(value))
        assert log_form(value) == expanded is not None
    nested = sympy.Mul(sympy.Rational(1, 2), sympy.log(6) - sympy.log(sympy.Rational(-1, 3)),
                       evaluate=False)
    assert _collect(nested) is None                      # not flat: expanded first
    assert log_form(nested) == {"constant": 0, "logs": {2: sympy.Rational(1, 2), 3: 1},
                                "pi_i": sympy.Rational(-1, 2)}
