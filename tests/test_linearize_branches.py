"""Branch-free linearisation (issue 8): weight-chart eigenvalues against an independent
finite-difference Jacobian of the brute-force decimation, any precision, sectors."""

import mpmath
import pytest
import sympy
from hypothesis import HealthCheck, assume, given, settings

from oracle import brute_force_decimation
from strategies import small_models
from symrg.rg.couplings import coupling_basis
from symrg.fixedpoints.analysis import find_fixed_points
from symrg.fixedpoints.linearize import linearize, to_mpmath
from symrg.model.network import Model, paper_model
from symrg.rg.symmetry import symmetry_blocks

R = sympy.Rational
BINARY_SIGN = {"name": "bs", "values": {"W": [-1, 1], "b": [-1, 1], "h": [0, -1]},
               "activation": {"name": "binary_sign"}}


def test_binary_sign_model_has_eigenvalues_2_and_y_1():
    m = Model.from_dict(BINARY_SIGN)
    (pt,) = find_fixed_points(m).isolated
    lin = linearize(m, pt)
    assert lin.exact and lin.eigenvalues == [2, 2, 2] and lin.exponents == [1, 1, 1]
    assert lin.jacobian == 2 * sympy.eye(3) and lin.labels == ["relevant"] * 3


def _fd_spectrum(model, E, dps=45):
    """Eigenvalues of DF/kappa by central differences of the brute-force decimation."""
    basis = coupling_basis(model)
    orbits = basis.pair_orbits
    hidx = {h: i for i, h in enumerate(model.h_states)}
    sidx = {s: j for j, s in enumerate(model.sigma_states)}
    with mpmath.workdps(dps):
        E0 = [[mpmath.mpc(to_mpmath(x, dps + 10)) for x in row] for row in E.tolist()]

        def F(Em):
            out = brute_force_decimation(model, lambda h, s: Em[hidx[h]][sidx[s]],
                                         one=mpmath.mpc(1))
            return [out[(model.h_states[i], model.sigma_states[j])] for i, j in
                    (orb[0] for orb in orbits)]

        F0 = F(E0)
        o0 = next(o for o, (i, j) in enumerate(orb[0] for orb in orbits) if E0[i][j] != 0)
        kappa = F0[o0] / E0[orbits[o0][0][0]][orbits[o0][0][1]]
        eps = mpmath.mpf(10) ** (-dps // 3)
        cols = []
        for orb in orbits:
            plus = [row[:] for row in E0]
            minus = [row[:] for row in E0]
            for i, j in orb:
                plus[i][j] += eps
                minus[i][j] -= eps
            cols.append([(a - b) / (2 * eps * kappa) for a, b in zip(F(plus), F(minus))])
        A = mpmath.matrix([[cols[b][o] for b in range(len(orbits))] for o in range(len(orbits))])
        vals = list(mpmath.eig(A, left=False, right=False))
        k = min(range(len(vals)), key=lambda k: abs(vals[k] - model.scale))
        del vals[k]   # the projective (scale) direction
        return vals


def _assert_same_spectrum(ours, theirs, tol):
    theirs = list(theirs)
    for v in ours:
        z = to_mpmath(v, 40)
        k = min(range(len(theirs)), key=lambda k: abs(theirs[k] - z))
        assert abs(theirs[k] - z) < tol, (ours, theirs)
        del theirs[k]


def _points(model):
    fp = find_fixed_points(model)
    return [p for p in fp.isolated] + [f.sample for f in fp.families if f.sample is not None]


@pytest.mark.parametrize("model", [
    Model.from_dict(BINARY_SIGN), paper_model(scale=3), paper_model(scale=4)])
def test_eigenvalues_equal_finite_differences_of_brute_force(model):
    seen_nonpositive = False
    points = [pt for pt in _points(model)   # p = 4: only the complex point (oracle cost)
              if model.scale < 4 or not all(x.is_real for x in pt.weights)]
    for pt in points:
        seen_nonpositive |= not pt.physical
        lin = linearize(model, pt)
        _assert_same_spectrum(lin.eigenvalues, _fd_spectrum(model, pt.weights), 1e-8)
    assert seen_nonpositive   # negative or complex weights were exercised


@settings(max_examples=10, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(small_models(max_sites=1, scales=(2, 3), max_h=3))
def test_random_models_match_finite_differences(model):
    assume(len(model.h_states) * len(model.sigma_states) <= 9)   # keep the oracle cheap
    for pt in _points(model)[:3]:
        lin = linearize(model, pt)
        _assert_same_spectrum(lin.eigenvalues, _fd_spectrum(model, pt.weights), 1e-8)


def test_block_spectra_multiply_to_the_whole_and_label_sectors():
    m = paper_model(data=2)
    labels = {b.label for b in symmetry_blocks(m)}
    for pt in _points(m):
        lin = linearize(m, pt)
        assert set(lin.sectors) <= labels and len(lin.sectors) == coupling_basis(m).size
        _assert_same_spectrum(lin.eigenvalues, _fd_spectrum(m, pt.weights), 1e-8)


def test_exponents_at_1000_digits_correct_to_990():
    """A numeric point at 1000 digits: y computed from the mpmath eigenvalue, not a string."""
    m = paper_model()
    with mpmath.workdps(1010):
        third = mpmath.mpf(1) / 3 * (1 + mpmath.mpf(10) ** -1005)   # perturbed, not exact
        E = sympy.Matrix([[1, -third], [-2 * third, 2 * third]])
    lin = linearize(m, sympy.Matrix([[sympy.Float(x, 1010) if not isinstance(x, sympy.Integer)
                                      else x for x in E]]).reshape(2, 2), digits=1000)
    assert not lin.exact
    with mpmath.workdps(1100):
        for y in lin.exponents:
            assert abs(y - 1) < mpmath.mpf(10) ** -990


def test_exponent_of_irrational_eigenvalue_to_990_digits():
    """ln(lambda)/ln p with lambda a root of an exact irreducible factor, checked at 1100."""
    from symrg.fixedpoints.linearize import rg_exponent
    lam = 1 + sympy.sqrt(2)
    with mpmath.workdps(1010):
        y = rg_exponent(to_mpmath(lam, 1020), 2, 1000)
    with mpmath.workdps(1100):
        ref = mpmath.log(1 + mpmath.sqrt(2)) / mpmath.log(2)
        assert abs(y - ref) < mpmath.mpf(10) ** -990
