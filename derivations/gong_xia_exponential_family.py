"""Gong-Xia seed: scaling RG theta_r -> theta_r Z(lam)^r lam^(-2r) of the exponential family.

Run:  python derivations/gong_xia_exponential_family.py
"""

import sympy

from symrg.seeds.expfamily import LAM, exponential_family_record, is_semigroup, scaling_map

for Z in (LAM**2, LAM, LAM**3, sympy.Integer(1), LAM**2 + 1):
    rec = exponential_family_record(Z, R=3)
    print(f"Z = {rec['Z']}: map {rec['map']}")
    print("   fixed points", [(f["fixed_point"], f["class"]) for f in rec["fixed_points"]],
          " exponents y_r =", rec["exponents"], " semigroup:", rec["semigroup"])

# Z = lam^2: every point is fixed
assert all(str(v) == k for k, v in exponential_family_record(LAM**2)["map"].items())
# Z = lam^a: a < 2 -> 0, a > 2 -> infinity
assert {f["class"] for f in exponential_family_record(LAM)["fixed_points"]} == {"zero"}
assert {f["class"] for f in exponential_family_record(LAM**3)["fixed_points"]} == {"infinite"}
# semigroup: lam1 then lam2 == lam1 lam2, exactly, for a power
l1, l2 = sympy.symbols("lam_1 lam_2", positive=True)
a = sympy.Rational(7, 3)
th = sympy.Symbol("theta_2", positive=True)
composed = scaling_map(LAM**a, 2, l2)[th].subs(th, scaling_map(LAM**a, 2, l1)[th])
direct = scaling_map(LAM**a, 2, l1 * l2)[th]
assert sympy.powsimp(sympy.expand_power_base(composed / direct, force=True), force=True) == 1
assert is_semigroup(LAM**a) and not is_semigroup(LAM**2 + 1)
print("semigroup identity for Z = lam^(7/3): verified exactly")
