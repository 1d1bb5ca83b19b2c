"""Sec. IV of Lee-Lee-Yi: every fixed point of the toy model's RG map (Eq. 28-30).

Run:  python derivations/sec4_fixed_points.py
"""

import sympy

from symrg.lattice.counting import count_matrix
from symrg.fixedpoints.analysis import find_fixed_points, naive_candidates
from symrg.fixedpoints.points import is_fixed_point
from symrg.rg.charts import weights_from_couplings
from symrg.rg.flow import rg_trajectory
from symrg.model.network import paper_model

R = sympy.Rational
model = paper_model()
M = count_matrix(model).T
print("M = Omega^T =", M.tolist(), " rank", M.rank())

fp = find_fixed_points(model)
print(fp)
for note in fp.notes:
    print("  note:", note)
for fam in fp.families:
    print("family:", fam, "\n  ", fam.description)
for pt in fp.isolated:
    print("isolated:", pt, "\n   weights", pt.weights.tolist())

# Eq. 29: the plane e^A = 1 (rank-1 weights, a 2-dimensional family)
(fam,) = fp.families
assert fam.dimension == 2 and fam.physical
assert fam.equations == [sympy.Symbol("exp_A") - 1]
B, C = sympy.symbols("exp_B exp_C")
assert is_fixed_point(model, weights_from_couplings(model, {"A": 1, "B": B, "C": C}))

# Eq. 30: the isolated fictitious point is exactly M^{-1}, normalised
(pt,) = fp.isolated
assert pt.couplings == {"exp_A": 3, "exp_B": R(-2, 3), "exp_C": R(-1, 3)} and not pt.physical
assert sympy.Matrix(pt.weights) == M.inv() / M.inv()[0, 0]
print("Eq. 29 and Eq. 30 reproduced; the classification is complete:", fp.complete)

# The naive route (clear denominators, sympy.solve) finds extra, spurious solutions
accepted, rejected = naive_candidates(model)
print("naive solve accepted:", accepted)
for sol, why in rejected:
    print("  rejected", sol, "--", why)
assert len(accepted) == 2 and len(rejected) == 4

# Physical flows converge to the plane, quadratically fast (transverse eigenvalue 0, Fig. 4)
traj = rg_trajectory(model, {"exp_A": 2, "exp_B": 1, "exp_C": 1}, 4, exact=True,
                     physical=True)
for k, p in enumerate(traj):
    print(f"  step {k}: exp_A - 1 = {sympy.N(p['exp_A'] - 1, 6)}")
assert abs(traj[-1]["exp_A"] - 1) < R(1, 10 ** 20)

# p = 3 (keep one layer in three): more families appear, the isolated point is still M^-1
fp3 = find_fixed_points(paper_model(scale=3))
print("p = 3:", fp3, [(f.rank, f.dimension, f.multiplicities) for f in fp3.families])
assert fp3.isolated[0].couplings == pt.couplings
