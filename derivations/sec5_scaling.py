"""Sec. V of Lee-Lee-Yi: linearisation at the fixed points and the scaling laws (Eq. 33-40).

Run:  python derivations/sec5_scaling.py
"""

import sympy

from symrg.fixedpoints.analysis import find_fixed_points
from symrg.fixedpoints.linearize import linearize, rg_jacobian
from symrg.model.network import paper_model
from symrg.fixedpoints.scaling import scaling_exponents, transfer_checks

model = paper_model()
fp = find_fixed_points(model)
(pt,), (fam,) = fp.isolated, fp.families

# Eq. 34: the Jacobian at the fictitious point is exactly 2 I, so y_A = y_B = y_C = 1
lin = linearize(model, pt)
print("Jacobian at (3, -2/3, -1/3):", lin.jacobian.tolist())
assert lin.jacobian == 2 * sympy.eye(3)
assert lin.exponents == [1, 1, 1] and lin.labels == ["relevant"] * 3

# Eq. 39-40 from the exponents: nu = 1/y_A = 1 and G_h ~ r^(-2d + 2 y_B) = r^0
s = scaling_exponents(lin, model.scale)
print("nu =", s["nu"], "  G_h(r) ~ r^", s["correlation_exponent"], " (", s["formulas"], ")")
assert s["nu"] == 1 and s["correlation_exponent"] == 0

# The plane e^A = 1: tangent directions marginal (lambda = 1), transverse lambda = 0 everywhere
B, C = sympy.symbols("exp_B exp_C")
J = rg_jacobian(model, {"exp_A": 1, "exp_B": B, "exp_C": C})   # dK'/dK on the plane
lam = sympy.Symbol("lambda")
charpoly = sympy.factor((J - lam * sympy.eye(3)).det())
print("characteristic polynomial on the plane:", charpoly)
assert sympy.expand(charpoly + lam * (lam - 1) ** 2) == 0

# Physical checks with exact transfer matrices (Eq. 35-36)
checks = transfer_checks(model, digits=40)
print("on the family: G_h(1..3) =", checks["family"]["G_h"], " xi =", checks["family"]["xi"])
print("xi(K) =", checks["xi_scaling"]["xi"], " xi(R(K)) =", checks["xi_scaling"]["xi_renormalized"])
for row in checks["near_family"]["rows"]:
    print("  exp_A - 1 =", row[0], " xi =", row[1], " xi ln(1/(exp_A-1)) =", row[2])
assert checks["family"]["holds"] and checks["xi_scaling"]["holds"]
print("Eq. 37-40 concern the fictitious point (negative weights): no physical check exists.")
