"""Figures kept between builds: a figure is drawn again exactly when something it is drawn from
changed (its content, the style, the code), and never from code its fingerprint cannot see."""

import matplotlib
import pandas as pd
import pytest

from csreport import paths
from csreport.report import charts, rendered


def _figure(values=(3, 4), title="A finding"):
    fig, ax = charts.figure(height=1.5)
    ax.plot([1, 2], list(values))
    ax.set_title(title)
    return fig


@pytest.fixture
def build(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "BUILD", tmp_path / "_build")
    return tmp_path


def test_the_same_figure_built_twice_has_one_fingerprint():
    first, second = rendered.fingerprint(_figure()), rendered.fingerprint(_figure())
    assert first is not None and first == second


def test_a_changed_value_text_or_style_changes_the_fingerprint():
    same = rendered.fingerprint(_figure())
    assert rendered.fingerprint(_figure(values=(3, 5))) != same
    assert rendered.fingerprint(_figure(title="Another finding")) != same
    fig = _figure()
    with matplotlib.rc_context({"savefig.facecolor": "black"}):
        assert rendered.fingerprint(fig) != same


def test_a_figure_using_code_the_fingerprint_cannot_see_has_none():
    fig = _figure()
    fig.axes[0].yaxis.set_major_formatter(lambda v, _: f"{v}")
    assert rendered.fingerprint(fig) is None

    def label(value, _position=None):
        return f"{value}"

    label.__module__, label.__qualname__ = "__main__", "label"  # as if defined in the notebook
    fig = _figure()
    fig.axes[0].yaxis.set_major_formatter(label)
    assert rendered.fingerprint(fig) is None


def test_publish_draws_a_figure_once_and_copies_it_while_unchanged(build, monkeypatch):
    drawn = []
    draw = charts._draw
    monkeypatch.setattr(charts, "_draw", lambda fig, png, pdf: (drawn.append(png.name), draw(fig, png, pdf)))
    monkeypatch.setattr(charts._publish, "target", lambda name, suffix: (build / f"{name}{suffix}", name))
    monkeypatch.setattr(charts._publish, "show", lambda markdown: None)

    def publish(fig):
        chart = charts.Chart(fig, pd.DataFrame({"x": [1, 2]}), keys=[])
        charts.publish(chart, "t", title="A finding", subtitle="What", caption="Cap.", alt="One line.")
        return (build / "t.png").read_bytes(), (build / "t.pdf").read_bytes()

    first = publish(_figure())
    (build / "t.png").unlink()
    assert publish(_figure()) == first and drawn == ["t.png"]
    publish(_figure(values=(3, 5)))
    assert drawn == ["t.png", "t.png"]


def test_images_are_copied_only_under_their_own_fingerprint(build):
    files = [build / "t.png", build / "t.pdf"]
    for file in files:
        file.write_bytes(b"drawn")
    rendered.keep("one", files)
    for file in files:
        file.unlink()
    assert not rendered.restore("two", files) and not files[0].exists()
    assert not rendered.restore(None, files)
    assert rendered.restore("one", files) and [f.read_bytes() for f in files] == [b"drawn", b"drawn"]


def test_another_version_of_an_installed_distribution_changes_the_fingerprint(monkeypatch):
    from csreport.data import fingerprints

    same = rendered.fingerprint(_figure())
    monkeypatch.setattr(fingerprints, "installed", lambda: "pandas-3.0.0.dist-info")
    rendered._context.cache_clear()
    try:
        assert rendered.fingerprint(_figure()) != same
    finally:
        monkeypatch.undo()
        rendered._context.cache_clear()
    assert rendered.fingerprint(_figure()) == same
