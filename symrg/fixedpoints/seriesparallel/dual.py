"""Forward-mode differentiation of the series-parallel weight map (any ring).

A :class:`Dual` carries a value and its gradient; pushed through
:class:`symrg.rg.seriesparallel.WeightMap` (which only uses ``+``, ``*`` and integer
powers) it gives F(w) and the exact Jacobian dF_j/dw_l in one pass, over numpy
arrays (vectorised search), acb balls (certified Jacobians, interval Jacobians over a
box) or Fractions (exact).
"""

__all__ = ["Dual", "dual_image"]


class Dual:
    """Forward-mode derivative: value and gradient over any ring (numpy arrays, acb).

    Examples
    --------
    >>> x = Dual(3, [1, 0]); y = Dual(2, [0, 1])
    >>> z = (2 * x * y + x) ** 2
    >>> z.val, z.grad
    (225, [150, 180])
    """

    __slots__ = ("val", "grad")
    __array_ufunc__ = None          # numpy defers to Dual in mixed products

    def __init__(self, val, grad):
        self.val, self.grad = val, list(grad)

    def __add__(self, other):
        if not isinstance(other, Dual):
            return Dual(self.val + other, self.grad)
        return Dual(self.val + other.val, [a + b for a, b in zip(self.grad, other.grad)])

    __radd__ = __add__

    def __mul__(self, other):
        if not isinstance(other, Dual):
            return Dual(self.val * other, [a * other for a in self.grad])
        return Dual(self.val * other.val,
                    [a * other.val + self.val * b for a, b in zip(self.grad, other.grad)])

    __rmul__ = __mul__

    def __pow__(self, k: int):
        pk1 = self.val ** (k - 1)
        return Dual(pk1 * self.val, [k * pk1 * a for a in self.grad])


def dual_image(F, w, chart: int = 0):
    """F(w) as Duals: values and gradients in the coordinates w_j, j != ``chart``.

    Parameters
    ----------
    F : symrg.rg.seriesparallel.WeightMap
    w : list
        Orbit values over one ring (numpy arrays, acb balls, Fractions).
    """
    n = F.size
    others = [j for j in range(n) if j != chart]
    zero = 0 * w[others[0]] if others else 0
    args = [Dual(w[j], [w[j] ** 0 if l == j else zero for l in others]) for j in range(n)]
    return F(args)
