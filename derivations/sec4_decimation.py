"""Sec. IV of Lee, Lee & Yi: decimating the toy model along depth (Eq. 21-27, 31-32).

Run:  python derivations/sec4_decimation.py
"""

import sympy

import symrg
from symrg.seeds.paper import compare_with_paper, exponentiate, printed_equations
from symrg.lattice.weights import U as u

model = symrg.paper_model()
print(model)

# Eq. 21: the (W, b) sum collapses into the count matrix Omega[h_m, sigma].
omega = symrg.count_matrix(model)
print("Omega =", omega.tolist())
assert omega.tolist() == [[2, 2], [1, 3]]

# Eq. 22: the decimated bond Z_m(h, sigma) = (E Omega^T E)[h, sigma], E = u^-(h - sigma)^2.
Z = symrg.renormalized_weights(model)
for i in (0, 1):
    for j in (0, 1):
        print(f"Z_m(h={i}, sigma={j}) = {Z[i, j]}")
assert sympy.cancel(Z[1, 1] - (3 + 3 / u + 2 / u**2)) == 0

# The printed Eq. 22 carries an extra factor u^(h + sigma) (see the report).
h, s = sympy.symbols("h sigma")
printed = printed_equations()["22"]
for i in (0, 1):
    for j in (0, 1):
        assert sympy.cancel(printed.subs({h: i, s: j}) - u ** (i + j) * Z[i, j]) == 0

# Eq. 24-25: the renormalized Hamiltonian reduced with h^2 = h, sigma^2 = sigma.
H = symrg.renormalized_hamiltonian(model)
for name, value in H.coefficients.items():
    print(f"  coefficient {name}: {value}")
eq25 = printed_equations()["25"]
assert sympy.cancel(exponentiate(H.coefficients["A"]) / exponentiate(eq25["A"])) == 1

# Eq. 31-32: at beta_v -> infinity every (h, sigma) survives: no renormalized constraint.
cons = symrg.renormalized_constraints(model)
print("renormalized constraint polynomial:", cons.polynomial, "; allowed:", cons.allowed)
assert cons.polynomial == 0

# Eq. 26-27: the RG map on (A, B, C).
rg = symrg.rg_map(model)
for name, expr in rg.expressions.items():
    print(f"{name}' = {expr}")

for entry in compare_with_paper(model):
    print(f"Eq. {entry['equation']}: {'agrees' if entry['agrees'] else 'differs'} - {entry['detail']}")
assert {e["equation"]: e["agrees"] for e in compare_with_paper(model)}["27"]
