"""Reducible and periodic plain wide chains (symrg.width.reducible).

Checks against independent computations: the binomial type chain of tests/wide_oracle.py
(arb's own eigensolver at 700 bits; a 800-bit power iteration at N = 64) for the escape
rate eps = 1 - rho of the transient block, and the full configuration chain (every W row
and b enumerated, exact fmpq powers of the transfer matrix) for G_h(r), r <= 12.
"""

import itertools
import re
from fractions import Fraction

import flint
import mpmath
import pytest

from symrg.errors import ModelError
from symrg.model.network import Model
from symrg.records.width import width_record
from symrg.width.chain import wide_chain
from symrg.width.reducible import escape_rate, m_matrix_inverse

from wide_oracle import top_two, type_chain

R_MAX = 12


def absorbing():
    """heaviside0, W in {-1, 2}, b in {-1, 0}: all h = 0 absorbs, every other type is transient."""
    return Model.from_dict({"name": "absorbing", "values": {"W": [-1, 2], "b": [-1, 0],
                                                            "h": [0, 1]},
                            "activation": {"name": "heaviside0"}})


def sign_l2():
    """W in {-1, 1}, b = 0, h in {-1, 1}, binary sign, L = 2: two closed classes at odd N."""
    return Model.from_dict({"name": "sign", "data": 2,
                            "values": {"W": [-1, 1], "b": [0], "h": [-1, 1]},
                            "activation": {"name": "binary_sign"}})


def parity():
    """sigma(z) = z mod 2, W, b in {-1, 1}, h in {0, 1}: period 2 at odd N."""
    return Model.from_dict({"name": "parity", "values": {"W": [-1, 1], "b": [-1, 1],
                                                         "h": [0, 1]},
                            "activation": {"table": {str(z): z % 2 for z in range(-12, 13)}}})


def cycle3():
    """sigma(z) = z mod 3, W = 1, b = 1, h in {0, 1, 2}: all h = s -> all h = s + 1 (mod 3)
    when N = 1 mod 3, a closed class of period 3."""
    return Model.from_dict({"name": "cycle3", "values": {"W": [1], "b": [1], "h": [0, 1, 2]},
                            "activation": {"table": {str(z): z % 3 for z in range(0, 25)}}})


def sign3():
    """sign (sign(0) = 0), W in {0, 1}, b in {-1, 0}, h in {-1, 0, 1}: one closed class of
    several lumped states beside transient ones (chi from the closed block)."""
    return Model.from_dict({"name": "sign3", "values": {"W": [0, 1], "b": [-1, 0],
                                                        "h": [-1, 0, 1]},
                            "activation": {"name": "sign"}})


ACT = {"cycle3": lambda z: z % 3, "sign3": lambda z: (int(z) > 0) - (int(z) < 0), "absorbing": lambda z: 1 if z > 0 else 0, "sign": lambda z: 1 if z >= 0 else -1,
       "parity": lambda z: z % 2}


def _transient_rho(N, bits):
    """rho of the transient block (types k >= 1) of the oracle's plain type chain."""
    flint.ctx.prec = bits
    T = type_chain(absorbing(), N)
    return flint.arb_mat(N, N, [T[i, j] for i in range(1, N + 1) for j in range(1, N + 1)])


@pytest.fixture(autouse=True)
def _restore_precision():
    saved = flint.ctx.prec
    with mpmath.workdps(80):
        yield
    flint.ctx.prec = saved


@pytest.mark.parametrize("N", [8, 16])
def test_escape_rate_against_arb_eig(N):
    """eps = 1 - rho(T_transient) against acb_mat.eig at 700 bits."""
    rho = top_two(_transient_rho(N, 700))[0]
    exact = mpmath.mpf((1 - rho).mid().str(40, radius=False))
    flint.ctx.prec = 53
    p = wide_chain(absorbing(), N, plain=True, digits=30, distances=range(3))
    s = p.structure
    assert s.kind == "primitive" and s.closed[0]["description"] == "all h = 0"
    assert abs(s.gap / exact - 1) < mpmath.mpf(10) ** -28
    assert abs(p.xi * -mpmath.log1p(-exact) - 1) < mpmath.mpf(10) ** -28
    assert p.mean_h == 0 and all(g == 0 for g in p.G)        # frozen bulk, exactly


def test_escape_rate_n64_against_high_precision_power_iteration():
    """eps ~ 1.2e-139 at N = 64: 800-bit power iteration (T^512) on the transient block."""
    T = _transient_rho(64, 800).mid()
    P = T
    for _ in range(9):                                  # T^512 (1, 1, ...)^T
        P = (P * P).mid()
    y = (P * flint.arb_mat(64, 1, [1] * 64)).mid()
    rho = (T * y)[63, 0] / y[63, 0]
    exact = mpmath.mpf((1 - rho).mid().str(60, radius=False))
    flint.ctx.prec = 53
    p = wide_chain(absorbing(), 64, plain=True, digits=40, distances=range(2))
    assert mpmath.mpf("1e-140") < exact < mpmath.mpf("1e-138")
    assert abs(p.structure.gap / exact - 1) < mpmath.mpf(10) ** -38


@pytest.mark.parametrize("N", [256, pytest.param(1000, marks=pytest.mark.slow)])
def test_wide_absorbing_chain_answers_with_a_certified_escape_rate(N):
    """N = 256 (and 1000) answer; the Collatz--Wielandt bracket holds at 20 digits."""
    p = wide_chain(absorbing(), N, plain=True, digits=20, distances=range(2))
    eps = p.structure.gap
    assert 0 < eps < mpmath.mpf(10) ** -1000 and p.chi == 1
    assert abs(p.xi * eps - 1) < mpmath.mpf(10) ** -18         # xi = 1/eps + O(1)


def test_collatz_wielandt_bracket_at_n256():
    """Any positive y brackets 1/eps by min/max (Z y)_i / y_i, Z = (I - T)^{-1} (ball
    arithmetic): random y's, and the eps returned is tight to the 30 digits asked."""
    import random
    from symrg.width.chain import flint_precision, plain_transient_blocks
    model, N = absorbing(), 256
    p = wide_chain(model, N, plain=True, digits=30, distances=())
    with flint_precision(60):
        ((states, T, leaving),) = plain_transient_blocks(model, N).values()
        Z = m_matrix_inverse(T, leaving)
        eps = escape_rate(T, leaving, 30)
        assert eps.rad() < eps.mid() * flint.arb(10) ** -30
        assert abs(mpmath.mpf(eps.mid().str(40, radius=False)) / p.structure.gap - 1) < 1e-29
        inverse = 1 / flint.arb(eps.mid())
        random.seed(5)
        for _ in range(4):
            y = flint.arb_mat(len(states), 1, [random.randint(1, 1000) for _ in states])
            z = Z * y
            ratios = [z[i, 0] / y[i, 0] for i in range(len(states))]
            assert min(r.lower() for r in ratios) <= inverse <= max(r.upper() for r in ratios)


def test_escape_rate_bracket_is_tight_and_encloses():
    """A 2 x 2 block with rho = 1 - 10^-300: eps with full relative accuracy at 60 bits."""
    flint.ctx.prec = 60
    tiny = flint.arb(10) ** -300
    off = flint.arb_mat([[0, 1 - tiny], [1, 0]])       # rho(off) = sqrt(1 - tiny)
    eps = escape_rate(off, [tiny, flint.arb(0)], 15)
    flint.ctx.prec = 2000
    exact = 1 - (1 - flint.arb(10) ** -300).sqrt()
    assert eps.overlaps(exact) and eps.rad() < eps.mid() * flint.arb(10) ** -15


def test_m_matrix_inverse_against_exact():
    off = flint.fmpq_mat([[0, 1, 2], [3, 0, 1], [1, 1, 0]])
    e = [flint.fmpq(1), flint.fmpq(0), flint.fmpq(2)]
    A = flint.fmpq_mat(3, 3, [(e[i] + sum(off[i, j] for j in range(3) if j != i)) if i == j
                              else -off[i, j] for i in range(3) for j in range(3)])
    Z = m_matrix_inverse(flint.arb_mat(off), [flint.arb(x) for x in e])
    inv = A.inv()
    assert all(Z[i, j].contains(flint.arb(inv[i, j])) for i in range(3) for j in range(3))


# -- G_h(r) against the full configuration chain -----------------------------------------
def _configuration_chain(model, N, act):
    """Exact plain transfer matrix over (V_h^L)^N configurations (uniform priors)."""
    L, hv = model.data, list(model.h_values)
    configs = list(itertools.product(itertools.product(hv, repeat=L), repeat=N))
    rows = list(itertools.product(model.W_values, repeat=N))
    norm = Fraction(1, len(rows) * len(model.b_values))
    index = {c: k for k, c in enumerate(configs)}
    T = [[Fraction(0)] * len(configs) for _ in configs]
    for h, cfg in enumerate(configs):
        neuron = {}
        for w in rows:
            for b in model.b_values:
                x = tuple(act(sum(wi * cfg[j][l] for j, wi in enumerate(w)) + b)
                          for l in range(L))
                neuron[x] = neuron.get(x, 0) + norm
        for out in itertools.product(neuron, repeat=N):
            T[h][index[out]] += _prod(neuron[x] for x in out)
    return configs, T


def _prod(values):
    out = Fraction(1)
    for v in values:
        out *= v
    return out


def _brute_G(configs, T, N, L, K=200, phases=6):
    """Site-averaged G(r) of the phase-averaged free-boundary chain (exact fmpq powers)."""
    n = len(configs)
    M = flint.fmpq_mat(n, n, [flint.fmpq(x.numerator, x.denominator) for row in T for x in row])
    one = flint.fmpq_mat(n, 1, [1] * n)
    PK = M ** K
    left, right = PK.transpose() * one, PK * one
    Ls, Rs = left, right
    for _ in range(phases - 1):
        left, right = M.transpose() * left, M * right
        Ls, Rs = Ls + left, Rs + right
    powers = [flint.fmpq_mat(n, n, [int(i == j) for i in range(n) for j in range(n)])]
    for _ in range(R_MAX):
        powers.append(powers[-1] * M)
    Z = [(Ls.transpose() * P * Rs)[0, 0] for P in powers]
    G = [flint.fmpq(0)] * (R_MAX + 1)
    for site in itertools.product(range(N), range(L)):
        f = [flint.fmpq(int(c[site[0]][site[1]])) for c in configs]
        F = flint.fmpq_mat(n, n, [f[i] if i == j else 0 for i in range(n) for j in range(n)])
        mean = (Ls.transpose() * F * Rs)[0, 0] / Z[0]
        for r in range(R_MAX + 1):
            G[r] += (Ls.transpose() * F * powers[r] * F * Rs)[0, 0] / Z[r] - mean ** 2
    return [g / (N * L) for g in G]


@pytest.mark.parametrize("name, make, N, kind", [
    ("sign", sign_l2, 1, "several"), ("sign", sign_l2, 2, "primitive"),
    ("sign", sign_l2, 3, "several"), ("parity", parity, 1, "periodic"),
    ("parity", parity, 3, "periodic"), ("parity", parity, 2, "primitive"),
    ("absorbing", absorbing, 2, "primitive"), ("cycle3", cycle3, 1, "periodic"),
    ("cycle3", cycle3, 4, "periodic"), ("cycle3", cycle3, 2, "several"),
    ("sign3", sign3, 2, "primitive"), ("sign3", sign3, 3, "primitive")])
def test_bulk_G_against_configuration_chain(name, make, N, kind):
    model = make()
    p = wide_chain(model, N, plain=True, digits=30, distances=range(R_MAX + 1))
    assert p.structure.kind == kind
    assert (p.xi == mpmath.inf) == (kind != "primitive")
    configs, T = _configuration_chain(model, N, ACT[name])
    brute = _brute_G(configs, T, N, model.data, K=400 if name == "absorbing" else 200)
    for r, g in enumerate(brute):
        exact = mpmath.mpf(int(g.p)) / int(g.q)
        assert abs(p.G[r] - exact) < mpmath.mpf(10) ** -25, (r, p.G[r], exact)
    if len(configs) <= 30:             # chi = second modulus of the configuration chain
        mods = sorted((abs(z) for z in mpmath.eig(mpmath.matrix(
            [[mpmath.mpf(x.numerator) / x.denominator for x in row] for row in T]))[0]),
            reverse=True)
        assert abs(mods[0] - 1) < mpmath.mpf(10) ** -25
        assert abs(mods[1] - p.chi) < mpmath.mpf(10) ** -25, (mods[:3], p.chi)


def test_period_three():
    p = wide_chain(cycle3(), 4, plain=True, digits=20, distances=range(7))
    assert p.structure.closed[0]["period"] == 3 and p.chi == 1 and p.xi == mpmath.inf
    assert p.structure.closed[0]["description"] == "types (4, 0, 0), (0, 4, 0), (0, 0, 4)"
    close = lambda a, b: abs(a - b) < mpmath.mpf(10) ** -18
    third = mpmath.mpf(1) / 3                  # h cycles 0 -> 1 -> 2: cov = 2/3, -1/3, -1/3
    assert all(close(p.G[r], 2 * third if r % 3 == 0 else -third) for r in range(7))
    mixed = wide_chain(cycle3(), 2, plain=True, digits=20, distances=range(3)).structure
    assert [c["period"] for c in mixed.closed] == [2, 1]       # {all 0, all 1}, {all 2}
    assert "oscillates (a closed class has period 2)" in mixed.statement()


def test_report_and_summary_state_the_structure():
    from symrg.records.derive import derive_record
    from symrg.report import render_report
    from symrg.text.summary import summary_text
    record = derive_record(sign_l2(), digits=20, sections=("correlations",), widths=[1, 2])
    assert "plain chain has chi = 1 at N = 1" in record["width"]["boundary"]["statement"]
    tex = render_report(record)
    body = tex[tex.index(r"\section{Arbitrary widths"):]
    assert "2 closed classes" in body and "1 transient type class;" in body
    text = summary_text(record, sign_l2())
    assert "width N = 1: The plain width-1 chain has 2 closed classes" in text


def test_periodic_chain_G_oscillates():
    p = wide_chain(parity(), 3, plain=True, digits=20, distances=range(6))
    assert p.structure.closed[0]["period"] == 2
    close = lambda a, b: abs(a - b) < mpmath.mpf(10) ** -18
    assert close(p.G[1], -p.G[2]) and close(p.G[2], p.G[4]) and abs(p.G[1]) > 0.1
    assert "period 2" in p.structure.statement()


def test_width_record_keeps_both_chains_and_states_the_structure():
    record = width_record(sign_l2(), [1, 2], digits=20, distances=range(3))
    one, two = record["rows"]
    assert one["xi_plain"] == "inf" and one["structure_plain"]["kind"] == "several"
    assert "2 closed classes" in one["structure_plain"]["statement"]
    assert two["xi_dna"] is not None and two["structure_plain"]["kind"] == "primitive"
    assert two["structure_plain"]["gap"] == "0.25" and "plain_failures" not in record
    (fit,) = [f for f in record["fits"] if f["chain"] == "plain"]
    assert fit["exponent"] is None and "several closed classes or a period at N = 1 " in \
        fit["statement"]


def test_lossy_reducible_plain_chain_is_one_clear_error():
    model = Model.from_dict({"data": 2, "values": {"W": [-1, 1], "b": [0], "h": [-1, 1]},
                             "activation": {"name": "sign"}})
    with pytest.raises(ModelError, match="outside values.h"):
        wide_chain(model, 2, plain=True, digits=20)


def test_report_groups_many_structured_widths_in_one_table():
    """More than three reducible widths: one statement (the smallest width) and a table of
    closed classes, transient type classes and leak rates, one row per width, with the
    values of the record (eleven near-identical sentences filled a page before)."""
    from symrg.records.derive import derive_record
    from symrg.report import render_report
    record = derive_record(sign_l2(), digits=20, sections=("correlations",),
                           widths=[1, 2, 3, 4, 5])
    rows = [r for r in record["width"]["rows"] if r.get("structure_plain")]
    assert len(rows) > 3
    tex = render_report(record)
    body = tex[tex.index(r"\section{Arbitrary widths"):tex.index(r"\subsection*{Finite-size")]
    assert body.count("The plain width-") == 1
    assert f"reducible or periodic at {len(rows)} widths" in body
    for row in rows:
        st = row["structure_plain"]
        assert re.search(rf"^{row['N']} & {len(st['closed'])}\b.* & {st['transient_states']} & ",
                         body, re.M)
