"""The build's shortcuts change no result: a numbered reference's look-up reads each page once, the root
page is written again only when what it lists changed, and the timing extension does not count as
extension code."""

import sys
import types

from csreport.sphinx import rebuild, speed


class Env:
    """Stands in for Sphinx's environment: counts the doctrees it unpickles."""

    def __init__(self):
        self.loads: list[str] = []
        self.toc_fignumbers = {"chapter": {"table": {"tab-a": (2, 1)}}}

    def get_doctree(self, docname):
        self.loads.append(docname)
        return types.SimpleNamespace(ids={"tab-a": f"node of {docname}"})


def test_each_page_is_unpickled_once_and_the_rest_of_the_environment_reads_through():
    env = Env()
    reader = speed._DoctreesReadOnce(env)
    first = reader.get_doctree("chapter")
    assert reader.get_doctree("chapter") is first
    assert reader.get_doctree("other").ids["tab-a"] == "node of other"
    assert env.loads == ["chapter", "other"]
    assert reader.toc_fignumbers["chapter"]["table"]["tab-a"] == (2, 1)


def test_the_timing_extension_is_left_out_of_the_extension_code_hash(monkeypatch):
    before = rebuild.extension_code()
    monkeypatch.setitem(sys.modules, "csreport.sphinx.profile", types.ModuleType("csreport.sphinx.profile"))
    sys.modules["csreport.sphinx.profile"].__file__ = rebuild.__file__
    assert rebuild.extension_code() == before


def _toc_env(title_of_chapter: str):
    from docutils import nodes

    titles = {"index": nodes.title(text="Report"), "chapter": nodes.title(text=title_of_chapter)}
    tocs = {
        name: nodes.bullet_list("", nodes.list_item("", nodes.paragraph(text=t.astext()))) for name, t in titles.items()
    }
    return types.SimpleNamespace(
        titles=titles,
        tocs=tocs,
        toc_secnumbers={},
        files_to_rebuild={"chapter": {"index"}},
        all_docs=["index", "chapter"],
    )


def test_the_root_page_is_not_written_again_when_what_it_lists_is_unchanged():
    env = _toc_env("Context")
    before = {doc: speed._entry(env, doc) for doc in env.all_docs}
    assert speed.unneeded(env, "index", {"chapter"}, before) == {"index"}
    assert speed.unneeded(env, "index", {"chapter", "index"}, before) == set()  # read again itself


def test_a_changed_title_writes_the_pages_listing_it_again():
    before = {doc: speed._entry(_toc_env("Context"), doc) for doc in ("index", "chapter")}
    assert speed.unneeded(_toc_env("Context, renamed"), "index", {"chapter"}, before) == set()
    assert speed.unneeded(_toc_env("Context"), "index", {"chapter"}, {}) == set()  # a page new to the build


class _Std:
    """Stands in for Sphinx's standard domain: numbers captioned tables."""

    name = "std"

    def get_enumerable_node_type(self, node):
        return "table" if node.tagname == "table" else None

    def get_numfig_title(self, node):
        return node.get("caption")


def _numbered_page(sections: dict[str, list[str]], text: str = "", uncaptioned: str = ""):
    from docutils import nodes
    from docutils.utils import new_document

    page = new_document("page")
    for section_id, tables in sections.items():
        section = nodes.section(ids=[section_id])
        section += nodes.paragraph(text=text)
        for table_id in tables:
            section += nodes.table(ids=[table_id], caption=f"Caption of {table_id}")
        if uncaptioned:
            section += nodes.table(ids=[uncaptioned])
        page += section
    return speed.numbered(types.SimpleNamespace(domains={"std": _Std()}), page)


def test_figure_numbering_follows_what_is_numbered_not_the_text():
    page = {"trade": ["tab-a", "tab-b"], "loans": ["tab-c"]}
    before = _numbered_page(page)
    assert before == _numbered_page(page, text="an edited paragraph", uncaptioned="tab-plain")
    assert before != _numbered_page({"trade": ["tab-a"], "loans": ["tab-b", "tab-c"]})  # moved to another section
    assert before != _numbered_page({"trade": ["tab-a", "tab-b", "tab-new"], "loans": ["tab-c"]})


def test_html_templates_are_compiled_once_per_source_and_kept(tmp_path):
    from types import SimpleNamespace

    from jinja2 import DictLoader, Environment

    sources = {"page.html": "<p>{{ title }}</p>"}

    def app():
        environment = Environment(loader=DictLoader(sources))
        app = SimpleNamespace(doctreedir=str(tmp_path / "_build" / ".doctrees"))
        app.builder = SimpleNamespace(templates=SimpleNamespace(environment=environment))
        speed._templates_compiled_once(app)
        return environment

    compiled = []
    first = app()
    compile_ = first.compile
    first.compile = lambda *a, **k: (compiled.append(a[1]), compile_(*a, **k))[1]
    assert first.get_template("page.html").render(title="A") == "<p>A</p>"
    assert compiled == ["page.html"] and len(list((tmp_path / "_build" / "templates").iterdir())) == 1
    second = app()  # the next build's process
    second.compile = lambda *a, **k: compiled.append(a[1])
    assert second.get_template("page.html").render(title="B") == "<p>B</p>"
    assert compiled == ["page.html"]  # loaded, not compiled again
    sources["page.html"] = "<h1>{{ title }}</h1>"
    third = app()
    assert third.get_template("page.html").render(title="C") == "<h1>C</h1>"  # its source changed


def test_latex_tables_are_rendered_by_one_renderer_that_compiles_each_template_once(monkeypatch):
    from types import SimpleNamespace

    import sphinx.writers.latex

    monkeypatch.setattr(sphinx.writers.latex, "LaTeXRenderer", sphinx.writers.latex.LaTeXRenderer)
    html = SimpleNamespace(builder=SimpleNamespace(format="html"))
    speed._one_latex_renderer(html)
    assert sphinx.writers.latex.LaTeXRenderer(latex_engine="xelatex") is not (
        sphinx.writers.latex.LaTeXRenderer(latex_engine="xelatex")
    )
    latex = SimpleNamespace(builder=SimpleNamespace(format="latex"))
    speed._one_latex_renderer(latex)
    speed._one_latex_renderer(latex)  # a second build in the same process
    renderer = sphinx.writers.latex.LaTeXRenderer(latex_engine="xelatex")
    assert renderer is sphinx.writers.latex.LaTeXRenderer(latex_engine="xelatex")
    assert renderer is not sphinx.writers.latex.LaTeXRenderer(latex_engine="pdflatex")
