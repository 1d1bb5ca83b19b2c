"""Progress on stderr (symrg.progress): bars only on a terminal, stage lines unless quiet.

The fixed-point stage of derive_record draws its bar through Progress.bar; a
stream that is not a terminal gets the stage lines and nothing else.
"""

import io

from symrg.records.derive import derive_record
from symrg.model.network import paper_model
from symrg.progress import NullBar, Progress, progress_bar


class Terminal(io.StringIO):
    """A stream that claims to be a terminal."""

    def isatty(self):
        return True


def test_bar_is_silent_off_a_terminal_and_when_quiet():
    for stream, quiet in ((io.StringIO(), False), (Terminal(), True)):
        with progress_bar(3, "steps", quiet=quiet, stream=stream) as bar:
            assert isinstance(bar, NullBar)
            bar.update()
        assert stream.getvalue() == ""


def test_bar_is_drawn_on_a_terminal():
    stream = Terminal()
    with progress_bar(3, "steps", stream=stream, unit="step") as bar:
        bar.update(3)
    assert "symrg: steps" in stream.getvalue() and "/3 " in stream.getvalue()


def _derive(stream):
    progress = Progress(3, stream=stream)
    return derive_record(paper_model(), sections=("fixed_points",), progress=progress)


def test_fixed_point_stage_draws_a_bar_on_a_terminal():
    stream = Terminal()
    _derive(stream)
    text = stream.getvalue()
    assert "symrg: [3/3] fixed points" in text
    assert "symrg: fixed points" in text                     # the bar inside the stage


def test_fixed_point_stage_prints_only_stage_lines_off_a_terminal():
    stream = io.StringIO()
    _derive(stream)
    assert stream.getvalue().splitlines() == [
        "symrg: [1/3] count matrix, couplings and RG map",
        "symrg: [2/3] decimation (Eq. 21-27, 31-32)",
        "symrg: [3/3] fixed points, linearisation, scaling, flows"]


class _Counting:
    """A bar factory that records every bar opened and its updates."""

    def __init__(self):
        self.bars = []

    def __call__(self, total=None, desc="", unit="it"):
        from contextlib import contextmanager

        @contextmanager
        def bar():
            entry = {"total": total, "desc": desc, "updates": 0, "notes": []}
            self.bars.append(entry)

            class Bar:
                def update(self, n=1):
                    entry["updates"] += n

                def set_postfix_str(self, text):
                    entry["notes"].append(text)
            yield Bar()
        return bar()


def test_width_stage_advances_its_bar_per_width():
    from symrg.records.width import width_scan
    from symrg.model.files import load_model
    from pathlib import Path
    counting = _Counting()
    model = load_model(Path(__file__).resolve().parents[1] / "examples" / "binary_width2.toml")
    width_scan(model, [1, 2, 3], digits=20, bar=counting)
    (bar,) = counting.bars
    assert bar["total"] == 4 and bar["updates"] == 4 and "N = 3" in bar["notes"]


def test_flow_stage_advances_its_bar_per_step():
    from symrg.rg.flow import rg_trajectory
    counting = _Counting()
    points = rg_trajectory(paper_model(), {"A": 0, "B": 0, "C": 0}, 3, bar=counting)
    assert len(points) == 4 and counting.bars[0]["updates"] == 3


def test_fixed_point_bar_names_the_flow_fields():
    counting = _Counting()
    from symrg.records.fixedpoints import fixed_points_record
    fixed_points_record(paper_model(), digits=30, bar=counting)
    assert "flow fields" in counting.bars[0]["notes"]
