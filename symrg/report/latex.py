r"""The jinja2 environment of symrg's LaTeX reports: delimiters, escaping, filters.

Templates are LaTeX with jinja2 markup that stays out of LaTeX's way:

* ``\VAR{expr}`` inserts a value, ``\BLOCK{stmt}`` is a statement, ``\#{...}`` a
  comment; a line starting with ``%-`` is a line statement and ``%#`` a line comment.
* EVERY inserted value passes through :func:`finalize`: plain strings are
  LaTeX-escaped (so a model named ``\input{/etc/passwd}`` prints as literal text),
  integers print as they are, sympy objects go through ``sympy.latex``, and only a
  :class:`TeX` string (trusted LaTeX) passes untouched.
* Filters: ``math`` marks a LaTeX string from a record's ``"latex"`` dict as trusted
  (after refusing file, shell and definition primitives); ``num(digits)`` typesets a
  numeric string; ``escape`` escapes explicitly.  There is deliberately no ``tex``
  alias: trusting arbitrary text must stay visible in a template.

The output of rendering is pure ASCII, so pdflatex never meets an unmapped
character (Greek letters become math, accented letters LaTeX accents, anything
else ``?``).
"""

import re
from functools import lru_cache

import jinja2
import mpmath
import sympy
from jinja2.sandbox import SandboxedEnvironment

from ..errors import ReportError
from ..text.spectrum import spectrum_runs
from ..text.texescape import escape_latex as _escape_latex

__all__ = [
    "TeX",
    "escape_latex",
    "wrap_filter",
    "finalize",
    "math_filter",
    "math_lines_filter",
    "num_filter",
    "sort_numeric_filter",
    "display_equation",
    "align_rows",
    "make_environment",
    "get_environment",
]


class TeX(str):
    """A string of trusted LaTeX: :func:`finalize` inserts it without escaping."""

    __slots__ = ()


def escape_latex(text, wrap: bool = False) -> TeX:
    r"""Escape plain text for LaTeX text mode (:func:`symrg.text.texescape.escape_latex`), trusted.

    Parameters
    ----------
    text : str
    wrap : bool
        Allow a line break inside every run of more than 24 non-space characters
        (``\\allowbreak{}``), so long names wrap; for prose such as titles, never for
        file names.

    Returns
    -------
    TeX

    Examples
    --------
    >>> print(escape_latex(r"$x$ & 100% #1 _ ^ ~ {}"))
    \$x\$ \& 100\% \#1 \_ \textasciicircum{} \textasciitilde{} \{\}
    >>> print(escape_latex("β-VAE, Schrödinger"))
    $\beta$-VAE, Schr\"{o}dinger
    """
    return TeX(_escape_latex(text, wrap))


def wrap_filter(value) -> TeX:
    """Escaped text with line-break opportunities in long words (``|wrap``: titles)."""
    return escape_latex(value, wrap=True)


def finalize(value):
    """Turn any inserted value into LaTeX (the environment's ``finalize`` hook).

    :class:`TeX` passes through, ``str`` is escaped, ``int`` printed, sympy objects
    typeset with ``sympy.latex`` (math-mode content), lists and tuples joined with
    ``", "`` after finalising each item.

    Raises
    ------
    ReportError
        When a template inserts ``None`` (guard optional fields with ``\\BLOCK{if}``).
    """
    if isinstance(value, TeX):
        return value
    if isinstance(value, str):
        return escape_latex(value)
    if value is None:
        raise ReportError("template inserted None; guard optional record fields with "
                          "\\BLOCK{if ... is not none}")
    if isinstance(value, bool):
        return TeX("yes" if value else "no")
    if isinstance(value, int):
        return TeX(str(value))
    if isinstance(value, (sympy.Basic, sympy.MatrixBase)):
        return TeX(sympy.latex(value))
    if isinstance(value, (list, tuple)):
        return TeX(", ".join(finalize(v) for v in value))
    return escape_latex(str(value))


# Primitives that read or write files, run commands or redefine the language.
_FORBIDDEN = frozenset("""
    input include InputIfFileExists IfFileExists openin openout read readline write
    immediate special catcode def edef gdef xdef let futurelet csname expandafter
    usepackage RequirePackage documentclass directlua luaexec includegraphics
    verbatiminput lstinputlisting endinput makeatletter makeatother scantokens
    newcommand renewcommand providecommand DeclareRobustCommand newread newwrite
    pdfobj pdffiledump pdfximage pdfinclusion ShellEscape write18 newenvironment
    renewenvironment everypar everymath output shipout pdfprimitive primitive closein
    closeout afterassignment
    """.split())
_CONTROL_SEQUENCE = re.compile(r"\\([A-Za-z@]+)")


def math_filter(value) -> TeX:
    r"""Trust a LaTeX string from a record's ``"latex"`` dict (template filter ``math``).

    Refuses strings that use TeX's ``^^`` character notation or control sequences
    which read or write files, run programs or (re)define macros; sympy never
    produces them.

    Raises
    ------
    ReportError
        For ``None``, a non-string, or a forbidden control sequence.

    Examples
    --------
    >>> print(math_filter(r"\frac{1}{u}"))
    \frac{1}{u}
    """
    if isinstance(value, (sympy.Basic, sympy.MatrixBase)):
        return TeX(sympy.latex(value))
    if not isinstance(value, str):
        raise ReportError(f"filter math: expected a LaTeX string, got {value!r}")
    bad = sorted(set(_CONTROL_SEQUENCE.findall(value)) & _FORBIDDEN)
    if bad or "^^" in value:
        what = "\\" + bad[0] if bad else "^^"
        raise ReportError(f"filter math: refusing LaTeX containing {what} in {value[:60]!r}")
    if not value.isascii():
        raise ReportError(f"filter math: expected ASCII LaTeX, got {value[:60]!r}")
    return TeX(value)


def prose_filter(value) -> TeX:
    r"""Plain-text notes of a record with their ASCII formulas set as math (``|prose``).

    See :func:`symrg.text.mathtext.prose_latex`: ``E = 1 1^T`` prints as
    $E = \mathbf{1}\mathbf{1}^{\mathsf T}$, ``u^(h+sigma)`` as $u^{(h+\sigma)}$; the
    remaining text is escaped as by :func:`escape_latex` (ASCII only).

    Examples
    --------
    >>> print(prose_filter("so xi = 0 there, 100% sure"))
    so $\xi = 0$ there, 100\% sure
    """
    from ..text.mathtext import prose_latex
    return TeX(prose_latex(value))


_TOKEN = re.compile(r"\\begin\{[^}]*\}|\\end\{[^}]*\}|\\\\|\\[A-Za-z]+|\\.|[{}&]|[^\\{}&]+",
                    re.S)
_OPEN, _CLOSE = ("{", "\\left"), ("}", "\\right")
#: Lines longer than this (characters of LaTeX source) are broken by display_equation
#: itself instead of by breqn, which fails ("Dimension too large") on huge formulas.
#: Target length of a self-broken line, in visible characters (see _visible_length).
LINE_WIDTH = 62


def _top_level(text):
    """Tokens of ``text`` with their nesting depth (braces, \\left..\\right, environments)."""
    depth = 0
    for token in _TOKEN.findall(text):
        if token in _OPEN or token.startswith("\\begin{"):
            yield token, depth
            depth += 1
        elif token in _CLOSE or token.startswith("\\end{"):
            depth -= 1
            yield token, depth
        else:
            yield token, depth


def math_lines_filter(value) -> list:
    r"""Split trusted LaTeX at its top-level ``\\`` into lines (template filter ``math_lines``).

    Line breaks and ``&`` alignment markers inside braces or environments (matrices)
    are kept; top-level ``&`` markers are dropped, so the lines fit ``multline*``,
    ``dmath*`` or a fresh ``align*`` alike.  A string without breaks gives one line.

    Examples
    --------
    >>> math_lines_filter(r"A = & \log x \\ & - \log y")
    ['A =  \\log x ', ' - \\log y']
    >>> len(math_lines_filter(r"\begin{matrix}1 & 0\\0 & 1\end{matrix}"))
    1
    """
    lines, current = [], []
    for token, depth in _top_level(math_filter(value)):
        if depth == 0 and token == "\\\\":
            lines.append("".join(current))
            current = []
        elif not (depth == 0 and token == "&"):
            current.append(token)
    lines.append("".join(current))
    return [TeX(line) for line in lines if line.strip()]


#: Subscripted Greek letters, variables that print one glyph (:func:`_visible_length`).
_GLYPHS = re.compile(r"\\(?:alpha|beta|gamma|delta|epsilon|varepsilon|zeta|eta|theta|kappa|"
                     r"lambda|mu|nu|xi|pi|rho|sigma|tau|phi|varphi|chi|psi|omega|Gamma|Delta|"
                     r"Theta|Lambda|Xi|Pi|Sigma|Phi|Psi|Omega)(?=_)")


def _visible_length(text):
    """Rough printed width: characters left after dropping commands, braces and spaces
    (a subscripted Greek variable such as ``\\sigma_{1}`` counts its letter)."""
    return len(re.sub(r"\\[A-Za-z]+|[{}^_ ]", "", _GLYPHS.sub("x", text)))


def _terms(line):
    """Split a line before each top-level binary ``+``/``-`` (sympy writes `` + ``)."""
    terms, current = [], ""
    for token, depth in _top_level(line):
        if depth == 0 and not token.startswith("\\") and token not in "{}":
            start = 0
            for match in re.finditer(r" (?=[+-] )", token):
                before = (current + token[start:match.start()]).rstrip()
                if before and before[-1] not in "=+-(,<>":       # binary, not unary
                    terms.append(before)
                    current, start = "", match.start() + 1
            token = token[start:]
        current += token
    terms.append(current)
    return [t.strip() for t in terms if t.strip()]


_OPERATORS = frozenset(r"\log \ln \exp \sin \cos \tan \sinh \cosh \tanh \arg".split())


#: Commands whose brace groups are arguments of the layout, never a function's argument.
_STRUCTURAL = frozenset(r"\frac \tfrac \dfrac \sqrt \mathrm \text \operatorname \mathbf "
                        r"\begin \end \left \right \bigl \bigr".split())


def _ungroup_operators(line):
    """Drop the braces sympy puts around operator and function arguments.

    ``\\log{\\left(...\\right)}`` and ``\\sigma{\\left(...\\right)}`` lose the outer braces
    (a group that opens with ``\\left``), so a long argument can break between terms.
    """
    tokens = _TOKEN.findall(line)
    out, stack, previous = [], [], ""
    for k, token in enumerate(tokens):
        if token == "{":
            following = next((t for t in tokens[k + 1:] if t.strip()), "")
            function = (previous.startswith("\\") and previous[1:].isalpha()
                        and previous not in _STRUCTURAL)
            stack.append(previous in _OPERATORS or (function and following in ("\\left",
                                                                                 "\\bigl")))
            if stack[-1]:
                token = " "
        elif token == "}" and stack:
            token = " " if stack.pop() else token
        out.append(token)
        if token.strip():
            previous = token
    return "".join(out)


def _break_points(line):
    """Candidate breaks of ``line``: (offset, parenthesis depth) before binary ``+``/``-``.

    Only positions outside braces count; ``depth`` counts the open ``\\bigl`` pairs.
    """
    points, offset, braces, parens, previous = [], 0, 0, 0, ""
    for token in _TOKEN.findall(line):
        if token == "{":
            braces += 1
        elif token == "}":
            braces -= 1
        elif token == "\\bigl":
            parens += 1
        elif token == "\\bigr":
            parens -= 1
        elif braces == 0 and not token.startswith("\\"):
            for match in re.finditer(r" (?=[+-] )", token):
                before = (previous + token[:match.start()]).rstrip()
                if before and before[-1] not in "=+-(,<>&":
                    points.append((offset + match.start() + 1, parens))
        previous = (previous + token)[-8:] if token.strip() else previous
        offset += len(token)
    return points


def _balance(lines):
    """Close ``\\bigl`` pairs left open at a line end with ``\\bigr.``, reopen with ``\\bigl.``."""
    out, carried = [], 0
    for line in lines:
        opened = carried + len(re.findall(r"\\bigl(?![A-Za-z])", line)) \
            - len(re.findall(r"\\bigr(?![A-Za-z])", line))
        text = "\\bigl. " * carried + line.strip() + " \\bigr." * max(opened, 0)
        out.append(text)
        carried = max(opened, 0)
    return out


def _break_line(line, width=LINE_WIDTH):
    """Pack ``line`` into lines of about ``width`` visible characters, breaking at signs.

    ``\\left``/``\\right`` become the fixed-size ``\\bigl``/``\\bigr`` and the braces
    around operator arguments go.  A line breaks before a binary ``+``/``-`` at the
    shallowest parenthesis depth available (top level whenever one fits); a pair left
    open at a line end is closed with ``\\bigr.`` and reopened with ``\\bigl.``, so
    every line stays balanced.  Braces are never split.
    """
    line = re.sub(r"\\left(?![A-Za-z])", r"\\bigl", _ungroup_operators(line))
    line = re.sub(r"\\right(?![A-Za-z])", r"\\bigr", line)
    points = _break_points(line)
    cuts, start = [], 0
    while _visible_length(line[start:]) > width:
        inside = [(pos, depth) for pos, depth in points
                  if pos > start and _visible_length(line[start:pos]) <= width]
        if not inside:
            later = [(pos, depth) for pos, depth in points if pos > start]
            if not later:
                break
            inside = [min(later, key=lambda p: (p[1], p[0]))]
        shallowest = min(depth for _, depth in inside)
        pos = max(p for p, depth in inside if depth == shallowest)
        cuts.append(pos)
        start = pos
    pieces = [line[a:b] for a, b in zip([0] + cuts, cuts + [len(line)])]
    return _balance([p for p in pieces if p.strip()])


_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_RATIONAL = re.compile(r"^([+-]?)(\d+)/(\d+)$")


def _decimal_latex(text, digits):
    """A decimal in math mode; an integer stays an integer (``0``, not ``0.0``)."""
    if re.fullmatch(r"[+-]?\d+", text):
        return str(int(text))
    with mpmath.workdps(max(len(text), digits or 0) + 10):
        x = mpmath.mpf(text)
        shown = mpmath.nstr(x, digits, min_fixed=-4, max_fixed=digits + 1) if digits \
            else text
    mantissa, _, exponent = shown.lower().partition("e")
    if mantissa in ("0.0", "-0.0", "+0.0"):             # zero is 0, not 0.0 (issue 20)
        return "0"
    if mantissa.endswith(".0"):                          # 20393012, not 20393012.0
        mantissa = mantissa[:-2]
    if exponent:
        return rf"{mantissa}\times 10^{{{int(exponent)}}}"
    return mantissa


def _split_complex(text):
    """``"re+imj"`` (optionally in parentheses) -> (re, im) strings, else None."""
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1]
    if not text.endswith("j"):
        return None
    body = text[:-1]
    cuts = [k for k in range(1, len(body)) if body[k] in "+-" and body[k - 1] not in "eE"]
    if not cuts:
        return ("0", body) if _NUMBER.match(body) else None
    real, imag = body[:cuts[-1]], body[cuts[-1]:]
    return (real, imag) if _NUMBER.match(real) and _NUMBER.match(imag) else None


def coord_filter(value, digits=6) -> TeX:
    r"""A real numeric string rounded for a pgfplots coordinate (template filter ``coord``).

    Examples
    --------
    >>> print(coord_filter("0.000043775867407708561884", 4))
    4.378e-5
    >>> print(coord_filter("-2/3", 3))
    -0.667
    """
    import mpmath
    text = str(value).strip()
    rational = _RATIONAL.match(text)
    if not (rational or _NUMBER.match(text)):
        raise ReportError(f"filter coord: expected a real numeric string, got {value!r}")
    with mpmath.workdps(max(digits, 15) + 5):
        if rational:
            p, q = text.split("/")
            x = mpmath.mpf(int(p)) / int(q)
        else:
            x = mpmath.mpf(text)
        return TeX(mpmath.nstr(x, digits, min_fixed=-4, max_fixed=6).replace("e-0", "e-"))


def num_filter(value, digits=None) -> TeX:
    r"""Typeset a numeric string in math mode (template filter ``num(digits)``).

    Accepts integers, exact rationals ``"-2/3"``, decimals (mpmath strings,
    ``"1.5e-7"``) and complex numbers ``"re+imj"``; ``digits`` rounds decimals to that
    many significant digits.  The result is math-mode content (wrap it in ``$``).

    Raises
    ------
    ReportError
        When ``value`` is not a number.

    Examples
    --------
    >>> print(num_filter("-2/3"))
    -\frac{2}{3}
    >>> print(num_filter("0.33333333333333333333", 5))
    0.33333
    >>> print(num_filter("1.5-2e-30j", 3))
    1.5 - 2\times 10^{-30}\,i
    >>> print(num_filter("-inf"))
    -\infty
    """
    if isinstance(value, bool) or value is None:
        raise ReportError(f"filter num: expected a numeric string, got {value!r}")
    text = str(value).strip().replace(" ", "")
    if text in ("inf", "-inf"):                       # the JSON convention for infinities
        return TeX(r"\infty" if text == "inf" else r"-\infty")
    rational = _RATIONAL.match(text)
    if rational:
        sign, p, q = rational.groups()
        return TeX(rf"{'-' if sign == '-' else ''}\frac{{{p}}}{{{q}}}")
    if _NUMBER.match(text):
        return TeX(_decimal_latex(text, digits))
    parts = _split_complex(text)
    if parts is not None:
        re_part, im_part = (_decimal_latex(t, digits) for t in parts)
        sign = "-" if im_part.startswith("-") else "+"
        return TeX(rf"{re_part} {sign} {im_part.lstrip('+-')}\,i")
    raise ReportError(f"filter num: expected a numeric string such as \"-2/3\" or "
                      f"\"1.5e-3\", got {value!r}")


def sort_numeric_filter(values) -> list:
    """Numeric strings (or a dict's keys) sorted by exact value (template filter ``sort_numeric``).

    JSON round trips sort dict keys as strings ("-1" < "-2"); this restores the
    numeric order for display.

    Examples
    --------
    >>> sort_numeric_filter({"2": "1", "-1": "0", "-2": "0", "1/2": "1"})
    ['-2', '-1', '1/2', '2']
    """
    def key(text):
        try:
            return (0, sympy.Rational(str(text)))
        except (TypeError, ValueError):
            raise ReportError(f"filter sort_numeric: expected numeric strings, "
                              f"got {text!r}") from None
    return sorted(values, key=key)


def display_equation(lhs, value, punctuation: str = "") -> TeX:
    r"""A displayed equation ``lhs = value`` that breaks across lines (template global).

    ``lhs`` and ``value`` are trusted LaTeX (checked as by the ``math`` filter); an
    empty ``lhs`` displays ``value`` alone.  A short value is set in ``equation*``;
    a value with top-level ``\\`` breaks, or one too long for a line, becomes a
    ``multline*`` broken at top-level ``+``/``-`` signs.  (breqn is not used: it
    does not terminate on matrices, nor beside pgfplots axis labels.)

    Examples
    --------
    >>> print(display_equation("A'", r"a + b \\ & - c", "."))
    \begin{multline*}
      A' = a + b \\
      - c.
    \end{multline*}
    >>> print(display_equation("", "x"))
    \begin{equation*}
      x
    \end{equation*}
    """
    lead = f"{math_filter(lhs)} = " if lhs else ""
    lines = [line.strip() for line in math_lines_filter(value)] or ["0"]
    lines[0] = lead + lines[0]
    if len(lines) == 1 and (_visible_length(lines[0]) <= LINE_WIDTH or "\\begin{" in lines[0]):
        return TeX(f"\\begin{{equation*}}\n  {lines[0]}{escape_latex(punctuation)}\n"
                   f"\\end{{equation*}}")
    lines = [short for line in lines for short in (
        _break_line(line) if _visible_length(line) > LINE_WIDTH else [line])]
    lines[-1] += escape_latex(punctuation)
    body = " \\\\\n  ".join(lines)
    return TeX(f"\\begin{{multline*}}\n  {body}\n\\end{{multline*}}")


def align_rows(rows, punctuation: str = ".", width: int = LINE_WIDTH) -> TeX:
    r"""One ``align*`` of ``lhs = value`` rows, long values broken at top-level signs.

    ``rows`` is a list of ``{"lhs": ..., "value": ...}`` or of whole equations as strings
    (aligned on their left edge), trusted LaTeX checked as by the ``math`` filter.  A value longer than ``width`` visible characters continues on
    lines ``&\quad + ...``; breaks fall only between top-level terms, so no delimiter
    is ever split.  Rows end with commas and the last with ``punctuation``.

    Examples
    --------
    >>> print(align_rows([{"lhs": "A'", "value": "a + b"}, {"lhs": "B'", "value": "c"}]))
    \begin{align*}
      A' &= a + b, \\
      B' &= c.
    \end{align*}
    """
    lines = []
    for k, row in enumerate(rows):
        whole = isinstance(row, str)
        value = row if whole else row["value"]
        lead = "& " if whole else f"{math_filter(row['lhs'])} &= "
        pieces = _break_line(str(math_filter(value)), width)
        end = escape_latex(punctuation) if k == len(rows) - 1 else ","
        for n, piece in enumerate(pieces):
            head = lead if n == 0 else "&\\quad "
            tail = end if n == len(pieces) - 1 else ""
            lines.append(f"  {head}{piece.strip()}{tail}")
    if not lines:
        return TeX("")
    return TeX("\\begin{align*}\n" + " \\\\\n".join(lines) + "\n\\end{align*}")


def runs_filter(labels) -> TeX:
    r"""Consecutive equal words as counts (template filter ``runs``).

    Examples
    --------
    >>> print(runs_filter(["relevant", "marginal", "marginal", "marginal", "irrelevant"]))
    relevant, marginal $\times 3$, irrelevant
    """
    from ..text.summary import label_runs
    return TeX(", ".join(escape_latex(str(w)) + (f" $\\times {n}$" if n > 1 else "")
                         for w, n in label_runs(labels)))


def rendered_filter(value) -> TeX:
    """Output of a template's own macro (template filter ``rendered``): every value the
    macro inserted went through :func:`finalize` already, so the text is passed as is."""
    return TeX(str(value))


def make_environment() -> SandboxedEnvironment:
    r"""A fresh sandboxed jinja2 environment for symrg's LaTeX templates.

    Templates come from the package (``symrg/report/templates``) through
    ``PackageLoader``, so they are found in editable and wheel installs alike.
    """
    env = SandboxedEnvironment(
        loader=jinja2.PackageLoader("symrg.report", "templates"),
        block_start_string=r"\BLOCK{", block_end_string="}",
        variable_start_string=r"\VAR{", variable_end_string="}",
        comment_start_string=r"\#{", comment_end_string="}",
        line_statement_prefix="%-", line_comment_prefix="%#",
        trim_blocks=True, lstrip_blocks=True, autoescape=False,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined, finalize=finalize,
    )
    env.filters["math"] = math_filter
    env.filters["math_lines"] = math_lines_filter
    env.filters["num"] = num_filter
    env.filters["coord"] = coord_filter
    env.filters["sort_numeric"] = sort_numeric_filter
    env.filters["escape"] = escape_latex
    env.filters["e"] = escape_latex
    env.filters["wrap"] = wrap_filter
    env.filters["prose"] = prose_filter
    env.filters["runs"] = runs_filter
    env.filters["rendered"] = rendered_filter
    env.filters["spectrum_runs"] = spectrum_runs
    env.globals["display_equation"] = display_equation
    env.globals["align_rows"] = align_rows
    return env


@lru_cache(maxsize=1)
def get_environment() -> SandboxedEnvironment:
    """The shared environment (templates are compiled once per process)."""
    return make_environment()
