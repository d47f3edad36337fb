"""Checks of the built landing page, drivers and assessment chapters, and of every sentence that
counts the claims ledger (the `built` marker; run after `make html`)."""

import re
from html.parser import HTMLParser

from csreport import data
from csreport.paths import ROOT

HTML = ROOT / "_build" / "html" / "book"
VERDICTS = ("partly supported", "supported", "contradicted", "unverified", "judgements or forecasts")


class Sections(HTMLParser):
    """The text of a page, and of each <section> by id; the list items of each section. Text inside
    <nav> (the page's own contents list) is left out: it is navigation, not the page's text."""

    def __init__(self):
        super().__init__()
        self.text, self.sections, self.items = "", {}, {}
        self.main: str | None = None  # id of the page's top section (its content, without the navigation)
        self._open: list[str | None] = []
        self._li_depth = 0
        self._nav_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag == "nav":
            self._nav_depth += 1
        if self._nav_depth:
            return
        if tag == "section":
            self._open.append(dict(attrs).get("id"))
            self.main = self.main or dict(attrs).get("id")
        if tag == "li":
            self._li_depth += 1
            if self._li_depth == 1:
                for sid in filter(None, self._open):
                    self.items.setdefault(sid, []).append("")

    def handle_endtag(self, tag):
        if tag == "nav":
            self._nav_depth -= 1
        if self._nav_depth:
            return
        if tag == "section" and self._open:
            self._open.pop()
        if tag == "li":
            self._li_depth -= 1

    def handle_data(self, chunk):
        if self._nav_depth:
            return
        self.text += chunk
        for sid in filter(None, self._open):
            self.sections[sid] = self.sections.get(sid, "") + chunk
            if self._li_depth and sid in self.items:
                self.items[sid][-1] += chunk


def parsed(name: str) -> Sections:
    parser = Sections()
    parser.feed((HTML / f"{name}.html").read_text(encoding="utf-8"))
    return parser


def words(text: str) -> str:
    return " ".join(text.replace("’", "'").split())


def content(page: Sections) -> str:
    """The page's own text, without the navigation and table of contents around it."""
    return words(page.sections[page.main])


def test_landing_page_opens_with_the_question_and_a_bottom_line():
    page = parsed("index")
    opening = content(page)
    question = opening.index("The question.")
    assert "How far has Serbia" in opening[question : question + 300] and "?" in opening[question : question + 300]
    assert question < opening.index("Bottom line") < opening.index("Key judgements")
    bottom = words(page.sections["bottom-line"]).removeprefix("Bottom line").strip()
    sentences = [s for s in re.split(r"(?<=[.])\s+(?=[A-Z])", bottom) if s]
    assert 2 <= len(sentences) <= 3, sentences


def test_landing_page_has_four_to_six_judgements_each_with_a_defined_confidence():
    levels = set(data.load("confidence_levels")["level"])
    terms = set(data.load("estimative_scale")["term"])
    items = [words(i) for i in parsed("index").items["key-judgements"]]
    assert 4 <= len(items) <= 6, len(items)
    for item in items:
        found = re.search(r"Confidence: (\w+)\.", item)
        assert found and found.group(1) in levels, item[:80]
        assert "Would change it:" in item and "Argued in:" in item, item[:80]
        for forecast in re.findall(r"We judge it (.+?) \(\d", item):
            assert forecast in terms, f"'{forecast}' is not a term of the probability yardstick"
    assert any("We judge it" in item for item in items), "no judgement makes a forecast"


def ledger_sentences(text: str) -> list[str]:
    """Sentences that count the claims ledger: a number of claims and numbers of verdicts."""
    sentences = re.split(r"(?<=[.;])\s+(?=[A-Z])", words(text))
    return [s for s in sentences if re.search(r"\d+ claims", s) and "supported" in s]


def test_every_sentence_that_counts_the_ledger_adds_up_to_its_total():
    counted = 0
    for name in ("index", "claims", "brief"):
        for sentence in ledger_sentences(content(parsed(name))):
            total = int(re.search(r"(\d+) claims", sentence).group(1))
            parts = dict(
                (verdict, int(n)) for n, verdict in re.findall(r"(\d+)(?: are)? (" + "|".join(VERDICTS) + ")", sentence)
            )
            assert set(parts) == set(VERDICTS), f"{name}: a verdict is missing from: {sentence}"
            assert sum(parts.values()) == total, f"{name}: {parts} do not add up to {total}: {sentence}"
            counted += 1
    assert counted >= 2, "the landing page and the claims appendix should each count the ledger"


def test_drivers_chapter_opens_with_key_points_tests_explanations_and_ends_with_the_unknowns():
    page = parsed("drivers")
    text = content(page)
    assert text.index("Key points") < text.index("What Belgrade wants") < text.index("What remains unknown")
    for name in ("Vuksanović", "OSW", "CSIS", "PSSI", "BCSP", "ECFR", "Carnegie", "MERICS"):
        assert name in text, name
    html = (HTML / "drivers.html").read_text(encoding="utf-8")
    assert "dr-matrix.png" in html and 'id="drivers-evidence"' in html


def test_assessment_chapter_has_options_that_say_what_they_would_not_change():
    page = parsed("assessment")
    text = content(page)
    assert "Key points" in text and "What remains unknown" in text
    assert "report's assessment" in words(page.sections["options"])
    options = data.load("policy_options")
    for would_not in options["would_not_change"]:
        assert words(would_not)[:40] in text
    assert "loan" not in text.lower(), "the loans moved to the context chapter"
