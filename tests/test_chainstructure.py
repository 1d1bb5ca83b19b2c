"""Chains that are not primitive (symrg.lattice.chainstructure, matrix_chain).

Every bulk value is checked against a brute-force power of the transfer matrix in exact
rationals: the free-boundary chain ``1^T T^m F T^r F T^n 1 / 1^T T^(m+r+n) 1`` summed
over the phases m, n in [K, K + D) (D a multiple of every period) at large K.
"""

import itertools
from fractions import Fraction

import mpmath
import pytest

from symrg.lattice.chainstructure import chain_structure, class_period, communicating_classes
from symrg.errors import ModelError
from symrg.lattice.transfer import _perron, matrix_chain

R_MAX = 12
K = 240                       # transient parts decay at least like (3/4)^K ~ 1e-30 here
DIGITS = 30


def _vec_mat(v, M):
    return [sum(v[i] * M[i][j] for i in range(len(v))) for j in range(len(M[0]))]


def _mat_vec(M, v):
    return [sum(M[i][j] * v[j] for j in range(len(v))) for i in range(len(M))]


def brute_bulk(T, f, rho, phases):
    """(G(0..R_MAX), mean) of the phase-averaged free-boundary chain, exact rationals."""
    n = len(T)
    Tp = [[Fraction(x, rho) for x in row] for row in T]
    left, right = [Fraction(1)] * n, [Fraction(1)] * n
    for _ in range(K):
        left, right = _vec_mat(left, Tp), _mat_vec(Tp, right)
    lefts, rights = [], []
    for _ in range(phases):
        lefts.append(left)
        rights.append(right)
        left, right = _vec_mat(left, Tp), _mat_vec(Tp, right)
    L, R = [sum(c) for c in zip(*lefts)], [sum(c) for c in zip(*rights)]
    F = [Fraction(x) for x in f]
    mean = sum(L[i] * F[i] * R[i] for i in range(n)) / sum(L[i] * R[i] for i in range(n))
    out, vec, plain = [], [F[i] * R[i] for i in range(n)], list(R)
    for r in range(R_MAX + 1):
        if r:
            vec, plain = _mat_vec(Tp, vec), _mat_vec(Tp, plain)
        num = sum(L[i] * F[i] * vec[i] for i in range(n))
        den = sum(L[i] * plain[i] for i in range(n))
        out.append(num / den - mean ** 2)
    return out, mean


def _close(x, exact, digits=DIGITS - 5):
    with mpmath.workdps(DIGITS + 20):
        return abs(mpmath.mpf(exact.numerator) / exact.denominator - x) <= \
            mpmath.mpf(10) ** (-digits) * max(1, abs(x))


CHAINS = {
    # two closed classes of root 2 ({0, 1} primitive, {2} a loop) and a transient state
    "two closed classes": ([[1, 1, 0, 0], [1, 1, 0, 0], [0, 0, 2, 0], [1, 0, 1, 1]],
                           ["0", "1", "-2", "1/2"], 2, 1, "several", [1, 1, 0]),
    # period 2 ({0} <-> {1, 2}, T^2 = 4 on state 0) with a transient state
    "period 2": ([[0, 1, 1, 0], [2, 0, 0, 0], [2, 0, 0, 0], [1, 0, 0, 1]],
                 ["1", "-1", "1/2", "3"], 2, 2, "periodic", [1, 0]),
    # period 3 (0 -> {1, 3} -> 2 -> 0, T^3 = 8 on state 0)
    "period 3": ([[0, 1, 0, 1], [0, 0, 2, 0], [2, 0, 0, 0], [0, 0, 2, 0]],
                 ["2", "0", "-1", "1/3"], 2, 3, "periodic", [1]),
    # a primitive closed class (root 4, lambda_2 = 0) fed by a transient loop of root 3:
    # xi is the class's 0, not 1 / ln(4/3)
    "transient states": ([[2, 2, 0], [2, 2, 0], [1, 0, 3]], ["0", "1", "5"], 4, 1,
                         "primitive", [1, 0]),
    # a periodic closed class and an aperiodic one of the same root, a transient between
    "several with a period": ([[0, 2, 0, 0], [2, 0, 0, 0], [0, 0, 2, 0], [1, 0, 1, 1]],
                              ["1", "0", "-1", "2"], 2, 2, "several", [1, 1, 0]),
}


@pytest.mark.parametrize("name", sorted(CHAINS))
def test_bulk_correlations_equal_brute_force_powers(name):
    T, f, rho, phases, kind, _ = CHAINS[name]
    G, xi, mean, structure = matrix_chain(T, [f], range(R_MAX + 1), digits=DIGITS)
    exact, exact_mean = brute_bulk(T, f, rho, phases)
    assert structure.kind == kind
    assert _close(mean, exact_mean)
    for r in range(R_MAX + 1):
        assert _close(G[r], exact[r]), (name, r, G[r], exact[r])
    assert mpmath.isinf(xi) == (kind != "primitive")


@pytest.mark.parametrize("name", sorted(CHAINS))
def test_periods_and_closed_classes(name):
    T, _, rho, _, _, closed_flags = CHAINS[name]
    with mpmath.workdps(50):
        s = chain_structure(mpmath.matrix(T), DIGITS, _perron)
    closed = [c for c in s.classes if c.closed]
    assert [int(c.closed) for c in s.classes] == closed_flags
    for c in closed:
        assert abs(c.root - rho) < mpmath.mpf(10) ** -20       # closed classes have root rho
    # the period is the gcd of the return times read off powers of T (brute force)
    for c in s.classes:
        if c.period is None:
            continue
        i = c.states[0]
        P, returns = [row[:] for row in T], []
        for k in range(1, 13):
            if P[i][i]:
                returns.append(k)
            P = [[sum(P[a][m] * T[m][b] for m in range(len(T))) for b in range(len(T))]
                 for a in range(len(T))]
        g = 0
        for k in returns:
            g = __import__("math").gcd(g, k)
        assert c.period == g


def test_transient_root_sets_the_relaxation_xi_and_the_class_keeps_its_own():
    """Eq. 36 over the whole spectrum: xi = 1 / ln(4/3), the rate at which the chain forgets
    its input (brute force: 1^T (T/4)^m f approaches its limit like (3/4)^m), while the
    closed class alone has lambda_2 = 0 and the bulk G_h(r >= 1) vanishes."""
    T, f = CHAINS["transient states"][:2]
    G, xi, _, s = matrix_chain(T, [f], [1, 2, 3], digits=DIGITS)
    with mpmath.workdps(DIGITS + 10):
        assert abs(xi - 1 / mpmath.log(mpmath.mpf(4) / 3)) < mpmath.mpf(10) ** -25
    assert s.transient_states == (2,) and s.classes[0].xi == 0
    assert all(abs(g) < mpmath.mpf(10) ** -25 for g in G)
    F = [Fraction(x) for x in f]
    left, diffs = [Fraction(1)] * 3, []
    for _ in range(40):
        left = _vec_mat(left, [[Fraction(x, 4) for x in row] for row in T])
        diffs.append(sum(a * b for a, b in zip(left, F)))
    d = [diffs[m + 1] - diffs[m] for m in range(len(diffs) - 1)]
    assert abs(float(d[-1] / d[-2]) - 0.75) < 1e-12


def test_nilpotent_chain_is_stated_not_computed():
    T = [[0, 1, 2], [0, 0, 3], [0, 0, 0]]
    cube = [[sum(T[a][m] * T[m][k] * T[k][b] for m in range(3) for k in range(3))
             for b in range(3)] for a in range(3)]
    assert cube == [[0] * 3] * 3                       # brute force: T^3 = 0
    with mpmath.workdps(40):
        s = chain_structure(mpmath.matrix(T), 20, _perron)
    assert s.kind == "nilpotent" and s.basic == () and len(s.classes) == 3
    assert all(c.period is None for c in s.classes)
    with pytest.raises(ModelError, match="nilpotent"):
        matrix_chain(T, [["1", "2", "3"]], [0, 1])


def test_nested_top_classes_have_no_bulk():
    with pytest.raises(ModelError, match="no translation-invariant bulk"):
        matrix_chain([[2, 1], [0, 2]], [["0", "1"]], [0])


def test_tarjan_against_reachability():
    """Communicating classes equal the mutual-reachability classes (brute force)."""
    import random
    rng = random.Random(7)
    for _ in range(40):
        n = rng.randint(1, 7)
        graph = [sorted(rng.sample(range(n), rng.randint(0, min(n, 2)))) for _ in range(n)]
        reach = [[i == j for j in range(n)] for i in range(n)]
        for i in range(n):
            for j in graph[i]:
                reach[i][j] = True
        for k, i, j in itertools.product(range(n), repeat=3):
            reach[i][j] = reach[i][j] or (reach[i][k] and reach[k][j])
        expected = sorted({tuple(j for j in range(n) if reach[i][j] and reach[j][i])
                           for i in range(n)})
        assert communicating_classes(graph) == expected


def test_period_of_a_cycle_with_a_chord():
    # cycles of length 4 and 6 through state 0: period 2
    graph = [[1], [2], [3], [0, 4], [5], [0]]
    assert class_period(graph, (0, 1, 2, 3, 4, 5))[0] == 2
