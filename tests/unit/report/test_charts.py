"""The figure helper's outputs: a PNG for the web that records its smallest type, a vector PDF for
print, the data as CSV; all written through publish.target."""

import pandas as pd
from PIL import Image

from csreport import paths
from csreport.report import charts


def test_smallest_type_is_the_smallest_visible_text():
    fig, ax = charts.figure()
    ax.plot([1, 2], [1, 2])
    ax.annotate("label", (1, 1), fontsize=6.5)
    hidden = ax.annotate("hidden", (2, 2), fontsize=3)
    hidden.set_visible(False)
    assert charts.smallest_type(fig) == 6.5


def test_publish_writes_png_with_its_smallest_type_and_a_vector_pdf(tmp_path, monkeypatch):
    written, shown = [], []

    def target(name, suffix):
        written.append(suffix)
        return tmp_path / f"{name}{suffix}", f"generated/{name}{suffix}"

    monkeypatch.setattr(charts._publish, "target", target)
    monkeypatch.setattr(charts._publish, "show", shown.append)
    monkeypatch.setattr(paths, "BUILD", tmp_path / "_build")
    fig, ax = charts.figure(height=1.5)
    ax.plot([1, 2], [3, 4])
    ax.annotate("small", (1, 3), fontsize=7)
    chart = charts.Chart(fig, pd.DataFrame({"x": [1, 2]}), keys=[])
    charts.publish(chart, "t", title="A finding", subtitle="What", caption="Cap.", alt="One line.")
    assert written == [".png", ".pdf", ".csv"]
    with Image.open(tmp_path / "t.png") as image:
        assert float(image.text[charts.TYPE_KEY]) == 7
        assert image.size[0] == charts.WIDTH_IN * charts.DPI
    pdf = (tmp_path / "t.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and b"/Subtype /Image" not in pdf  # drawn, not a picture
    assert b"CreationDate" not in pdf  # the same chart writes the same file
    assert shown and "generated/t.png" in shown[0]


def test_tick_labels_group_digits_as_the_prose_does():
    assert charts.whole(12500.4) == "12,500" and charts.whole(0) == "0"
    assert charts.thousands(12500) == "12k" and charts.thousands(1_250_000) == "1,250k"
