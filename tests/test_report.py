"""Tests of symrg.report: escaping, filters, rendering, atomic writing, compiling."""

import json
import random
import re
import sys
import tempfile
from pathlib import Path

import pytest
import sympy
from texlive import require_pdflatex
from jinja2.exceptions import SecurityError

sys.path.insert(0, str(Path(__file__).parent))
from report_fixtures import INJECTION_NAMES, sample_record  # noqa: E402

from symrg.errors import ReportError  # noqa: E402
from symrg.report import (SECTION_ORDER, TeX, compile_pdf, escape_latex,  # noqa: E402
                          get_environment, record_json,
                          render_report, slugify, write_report)
from symrg.report import compile as compile_module  # noqa: E402
from symrg.report import render as render_module  # noqa: E402
from symrg.report.latex import (LINE_WIDTH, display_equation, finalize,  # noqa: E402
                                math_filter, math_lines_filter, num_filter,
                                sort_numeric_filter)


@pytest.fixture(scope="module")
def record():
    return sample_record()


#: Skip without pdflatex, fail under CI (:func:`conftest.require_pdflatex`).
require_latexmk = require_pdflatex


# -- escaping -----------------------------------------------------------------------
_INVERSE = {r"\textbackslash{}": "\\", r"\{": "{", r"\}": "}", r"\$": "$", r"\&": "&",
            r"\#": "#", r"\textasciicircum{}": "^", r"\_": "_", r"\%": "%",
            r"\textasciitilde{}": "~", "{[}": "[", "{]}": "]"}
_INVERSE_RE = re.compile("|".join(re.escape(k) for k in sorted(_INVERSE, key=len,
                                                                 reverse=True)))


def test_escape_round_trips_random_ascii():
    """Brute-force oracle: undoing the documented escapes gives back the input."""
    rng = random.Random(20240917)
    alphabet = "\\{}$&#^_%~[] ab1-"
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        escaped = escape_latex(text)
        assert _INVERSE_RE.sub(lambda m: _INVERSE[m.group()], escaped) == text
        # no unescaped special is left: every brace, $, &, #, %, ^, _, ~ is part of an escape
        assert not re.search(r"(?<!\\)[$&#%_]", _INVERSE_RE.sub("", escaped))


@pytest.mark.parametrize("text, expected", [
    ("β", r"$\beta$"), ("Ω", r"$\Omega$"), ("Α", "A"), ("ς", r"$\varsigma$"),
    ("é", r"\'{e}"), ("ï", r'\"{\i}'), ("ß", r"\ss{}"), ("→", r"$\to$"), ("中", "?"),
    ("a\n\nb", "a  b"), ("ﬁ", "fi"),
])
def test_escape_non_ascii(text, expected):
    assert escape_latex(text) == expected


def test_finalize_types():
    assert finalize(TeX(r"\alpha")) == r"\alpha"
    assert finalize("50%") == r"50\%"
    assert finalize(7) == "7"
    assert finalize(sympy.Rational(-2, 3)) == r"- \frac{2}{3}"
    assert finalize(["a_b", 3]) == r"a\_b, 3"
    assert finalize(True) == "yes"
    with pytest.raises(ReportError, match="None"):
        finalize(None)


# -- filters --------------------------------------------------------------------------
@pytest.mark.parametrize("bad", [r"\input{/etc/passwd}", r"x \write18{ls}", r"^^5cinput{x}",
                                 r"\def\x{1}", r"\csname input\endcsname", "β"])
def test_math_refuses_dangerous_latex(bad):
    with pytest.raises(ReportError, match="filter math"):
        math_filter(bad)


def test_math_accepts_sympy_output():
    expr = sympy.Matrix([[1, 1 / sympy.Symbol("u")], [sympy.log(2), sympy.exp(3)]])
    assert math_filter(sympy.latex(expr)) == sympy.latex(expr)
    with pytest.raises(ReportError, match="expected a LaTeX string"):
        math_filter(None)


@pytest.mark.parametrize("value, digits, expected", [
    ("-2/3", None, r"-\frac{2}{3}"), ("7", None, "7"), (12, None, "12"),
    ("0.33333333333333333333333", 5, "0.33333"), ("1.23456e-12", 3, r"1.23\times 10^{-12}"),
    ("3.0-0.5j", 2, r"3 - 0.5\,i"), ("(1e-3+2j)", 2, r"0.001 + 2\,i"),
])
def test_num(value, digits, expected):
    assert num_filter(value, digits) == expected


def test_num_rejects_text():
    with pytest.raises(ReportError, match="filter num"):
        num_filter(r"\input{x}")


def test_sort_numeric_matches_rational_order():
    rng = random.Random(7)
    values = [sympy.Rational(rng.randint(-20, 20), rng.randint(1, 6)) for _ in range(30)]
    strings = list(dict.fromkeys(str(v) for v in values))
    assert [sympy.Rational(s) for s in sort_numeric_filter(strings)] == \
        sorted(sympy.Rational(s) for s in strings)


def test_math_lines_splits_only_top_level():
    text = r"a + \left(b \\ c\right) \\ & - \begin{matrix}1 & 2\\3 & 4\end{matrix}"
    lines = math_lines_filter(text)
    assert [line.strip() for line in lines] == [
        r"a + \left(b \\ c\right)", r"- \begin{matrix}1 & 2\\3 & 4\end{matrix}"]


def test_display_equation_breaks_long_lines_without_losing_terms():
    u = sympy.Symbol("u")
    expr = sum(sympy.log(k * u ** 2 + (k + 1) * u + 1) / (k + 2) for k in range(120))
    value = sympy.latex(expr)
    assert len(value) > 1000
    out = display_equation("K'", value, ".")
    assert out.startswith(r"\begin{multline*}")
    body = out[len("\\begin{multline*}"):-len("\\end{multline*}")]
    body = body.replace(r"\bigl", r"\left").replace(r"\bigr", r"\right")
    def strip(text):
        return re.sub(r"[\s{}]|\\\\", "", text)
    assert strip(body) == strip("K' = " + value + ".")      # same symbols, same order
    for line in body.split(r"\\"):                          # braces balance per line
        depth = 0
        for char in re.sub(r"\\[{}]", "", line):
            depth += {"{": 1, "}": -1}.get(char, 0)
            assert depth >= 0
        assert depth == 0
    assert body.count(r"\\") > len(value) // 400
    short = display_equation("A", r"x + y")
    assert short.startswith(r"\begin{equation*}")
    matrix = display_equation("T", r"\left[\begin{matrix}1 & 2\\3 & 4\end{matrix}\right]")
    assert matrix.startswith(r"\begin{equation*}")  # never broken (breqn looped on these)
    medium = display_equation("B", " + ".join(["x_{%d}" % k for k in range(LINE_WIDTH)]))
    assert medium.startswith(r"\begin{multline*}")


# -- environment and rendering ------------------------------------------------------
def test_environment_is_sandboxed_and_finds_fragments():
    env = get_environment()
    names = env.list_templates()
    for key in ("model", "decimation", "paper_comparison"):
        assert f"sections/{key}.tex.j2" in names
    with pytest.raises(SecurityError):
        env.from_string(r"\VAR{r.__class__.__mro__[1].__subclasses__()}").render(r={})
    assert "tex" not in env.filters


def test_render_orders_sections_and_is_deterministic(record):
    tex = render_report(record)
    assert tex == render_report(dict(reversed(list(record.items()))))
    assert tex.isascii()
    starts = [tex.index(f"% ---- section {key.replace('_', chr(92) + '_')} ----")
              for key in SECTION_ORDER if key in record]
    assert starts == sorted(starts) and len(starts) == 3
    assert tex.count(r"\begin{document}") == 1 and tex.rstrip().endswith(r"\end{document}")


def test_render_subset_of_keys(record):
    only_model = {k: record[k] for k in ("symrg_version", "model")}
    tex = render_report(only_model)
    assert r"\section{The model}" in tex and "Decimation" not in tex
    empty = render_report({})
    assert r"\title{symrg derivation}" in empty


def test_json_round_trip_renders_identically(record):
    reloaded = json.loads(record_json(record))
    assert render_report(reloaded) == render_report(record)


def test_missing_fragment_is_named(record, monkeypatch):
    monkeypatch.setattr(render_module, "SECTION_ORDER", SECTION_ORDER + ("spectral_gap",))
    with pytest.raises(ReportError, match="'spectral_gap'.*sections/spectral_gap.tex.j2"):
        render_report({**record, "spectral_gap": {}})


def test_missing_field_names_template(record):
    broken = {**record, "decimation": {k: v for k, v in record["decimation"].items()
                                       if k != "allowed_pairs"}}
    with pytest.raises(ReportError, match=r"decimation\.tex\.j2:\d+.*allowed_pairs"):
        render_report(broken)
    with pytest.raises(ReportError, match="expected a dict"):
        render_report([record])


@pytest.mark.parametrize("name", INJECTION_NAMES)
def test_injection_names_render_as_text(record, name):
    model = {**record["model"], "name": name}
    tex = render_report({**record, "model": model})
    title = tex[tex.index(r"\title{"):tex.index(r"\author{")]
    assert title == r"\title{" + escape_latex(name, wrap=True) + "}\n"
    for forbidden in (r"\input{", r"\write18", r"\immediate", "\n\n"):
        assert forbidden not in title


# -- writing --------------------------------------------------------------------------
def test_slugify():
    assert slugify("Lee-Lee-Yi toy model (Sec. IV)") == "Lee-Lee-Yi-toy-model-Sec-IV"
    for name in INJECTION_NAMES + ("", "../..", "a/b\\c"):
        assert re.fullmatch(r"[A-Za-z0-9_-]+", slugify(name))


def test_write_without_latexmk(record, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(render_module, "latexmk_available", lambda: False)
    paths = write_report(record, tmp_path / "out", "My model!")
    assert set(paths) == {"dir", "json", "tex"} and paths["tex"].name == "My-model.tex"
    assert paths["tex"].parent == tmp_path / "out" / "My-model"
    assert paths["json"].read_text() == json.dumps(record, indent=2, sort_keys=True) + "\n"
    assert paths["tex"].read_text() == render_report(record)
    assert "install TeX Live (pdflatex" in capsys.readouterr().err
    write_report(record, tmp_path / "out", "My model!", quiet=True)
    assert capsys.readouterr().err == ""


def test_unwritable_outdir(record, tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    with pytest.raises(ReportError, match="output directory .* not writable"):
        write_report(record, blocker / "sub", pdf=False)


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    """Build directories (kept after a LaTeX failure) go below tmp_path, not /tmp."""
    build = tmp_path / "builds"
    build.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(build))
    out = tmp_path / "out"
    out.mkdir()
    return out


def _snapshot(directory):
    """Every file below ``directory`` (relative name -> bytes); directories too."""
    root = Path(directory)
    return {str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None)
            for p in sorted(root.rglob("*"))}


@pytest.mark.parametrize("failure", [ReportError("LaTeX failed"), KeyboardInterrupt()])
def test_failed_compile_leaves_previous_report(record, private_tmp, monkeypatch, failure):
    tmp_path = private_tmp
    monkeypatch.setattr(render_module, "latexmk_available", lambda: True)
    monkeypatch.setattr(render_module, "compile_pdf", lambda *a, **k: Path("/nonexistent"))
    old = {**record, "model": {**record["model"], "name": "same"}}
    write_report(old, tmp_path, "same", pdf=False)
    (tmp_path / "same" / "same.pdf").write_bytes(b"%PDF old")
    before = _snapshot(tmp_path)

    def fail(*args, **kwargs):
        raise failure
    monkeypatch.setattr(render_module, "compile_pdf", fail)
    new = {**record, "couplings": ["X"]}
    with pytest.raises(type(failure)):
        write_report(new, tmp_path, "same")
    assert _snapshot(tmp_path) == before        # nothing replaced, no temp files left


# -- compiling --------------------------------------------------------------------------
def test_first_latex_error():
    log = "(file.tex\n! Missing $ inserted.\n<inserted text>\n$\nl.42 a_\n        b\n! Later"
    assert compile_module.first_latex_error(log) == "! Missing $ inserted. (l.42 a_)"
    assert compile_module.first_latex_error("no errors") is None


def test_pdf_is_reproducible_and_injection_safe(record, tmp_path):
    require_latexmk()
    name = " | ".join(INJECTION_NAMES)
    hostile = {**record, "model": {**record["model"], "name": name}}
    first = write_report(hostile, tmp_path / "a", "report")
    second = write_report(hostile, tmp_path / "b", "report")
    assert first["pdf"].read_bytes()[:5] == b"%PDF-"
    assert first["pdf"].read_bytes() == second["pdf"].read_bytes()
    assert first["tex"].read_bytes() == second["tex"].read_bytes()
    assert not Path("/tmp/pwned").exists()


def test_latex_error_reports_first_error_and_keeps_report(record, private_tmp):
    require_latexmk()
    tmp_path = private_tmp
    write_report(record, tmp_path, "paper", pdf=False)
    before = _snapshot(tmp_path)
    bad = json.loads(json.dumps(record))
    bad["decimation"]["latex"]["constraint_polynomial"] = r"\undefinedmacro{x}"
    with pytest.raises(ReportError, match=r"! Undefined control sequence\. \(l\.\d+ .*"):
        write_report(bad, tmp_path, "paper")
    assert _snapshot(tmp_path) == before        # old report intact, build directory removed


def test_compile_pdf_copies_source(tmp_path):
    require_latexmk()
    source = tmp_path / "src" / "doc.tex"
    source.parent.mkdir()
    source.write_text(render_report({"symrg_version": "test"}))
    pdf = compile_pdf(source, outdir=tmp_path / "build")
    assert pdf == (tmp_path / "build" / "doc.pdf").resolve() and pdf.is_file()
