"""Gong-Xia seed: the 1D Ising chain decimated with the symrg engine.

Run:  python derivations/gong_xia_ising.py
Derives K' = (1/2) ln cosh 2K and the constant g = (1/2) ln(4 cosh 2K) per decimated
spin from T' = decimate(T, 1, 2), checks Z_8(K) = e^{J_0} Z_4(K') exactly, shows the
slides' J_0 is twice the exact one, and classifies the fixed points in t = tanh K.
"""

import sympy

from symrg.rg.decimation import decimate
from symrg.seeds.ising import (K, T, correlation_length, ising_bond_weights, ising_fixed_points,
                         ising_recursion, slide_comparison, tanh_recursion,
                         verify_decimation_identity)
from symrg.seeds.training import teacher_student_record

X = sympy.Symbol("X", positive=True)  # X = e^K


def to_x(expr):
    return sympy.expand(expr.rewrite(sympy.exp)).subs(sympy.exp(K), X)


bond = ising_bond_weights()
print("bond weight T =", bond)
Tp = decimate(bond, sympy.eye(2), 2)          # the engine's decimation with Omega = 1
print("T' = T Omega^T T =", Tp)

rec = ising_recursion()
print("K' =", rec.coupling, "   g =", rec.constant)
c = sympy.cosh(2 * K)
assert sympy.cancel(to_x(sympy.exp(4 * rec.coupling) - c**2)) == 0      # K' = ln cosh 2K / 2
assert sympy.cancel(to_x(sympy.exp(4 * rec.constant) - 16 * c**2)) == 0  # g = ln(4 cosh 2K)/2
print("=> K' = (1/2) ln cosh 2K,  g = (1/2) ln(4 cosh 2K) per decimated spin")

check = verify_decimation_identity(8, digits=50)
print("Z_8(K) = exp((8/4) ln(4 cosh 2K)) Z_4(K'):", check)
assert check["exact"]

for row in slide_comparison(8):
    print(f"[{'agrees' if row['agrees'] else 'DIFFERS'}] {row['equation']}: {row['detail']}")
assert not slide_comparison(8)[0]["agrees"]

print("t = tanh K recursion: t' =", tanh_recursion())
assert tanh_recursion() == T**2
for fp in ising_fixed_points():
    print("fixed point", fp)
print("xi =", correlation_length(), "; xi(K') = xi(K)/2, nu = 1")
assert sympy.limit(sympy.log(sympy.cosh(2 * K)) / 2 - K, K, sympy.oo) == -sympy.log(2) / 2

ts = teacher_student_record(seeds=(0, 2), couplings=(1.0,))
run = ts["runs"][0]
print("teacher-student J_t:", run["J"])
print("J_teacher =", run["J_teacher"], "; goes to 0:", ts["goes_to_zero"], "; tracks teacher:", ts["tracks_teacher"])
assert ts["tracks_teacher"] and not ts["goes_to_zero"]
print(ts["conclusion"])
