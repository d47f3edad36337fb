"""Every glued key is used in some prose, and every key the prose uses is glued (issue: no dead glue).

Reads the committed notebooks (their outputs carry the glued keys) and the Markdown pages, as the
book does: `{glue:text}`key`` on the notebook's own page, `{glue:text}`NN_name.ipynb::key`` across pages.
"""

import json
import re

from csreport.paths import BOOK

ROLE = re.compile(r"\{glue(?::\w+)?\}`(?:([\w.-]+\.ipynb)::)?([\w.-]+?)(?::[^`]*)?`")


def glued() -> dict[str, set[str]]:
    out = {}
    for nb in sorted(BOOK.glob("*.ipynb")):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        out[nb.name] = {
            o["metadata"]["scrapbook"]["name"]
            for c in cells
            for o in c.get("outputs", [])
            if o.get("metadata", {}).get("scrapbook", {}).get("name")
        }
    return out


def used() -> set[tuple[str, str]]:
    """(notebook, key) for every glue role in the prose."""
    refs = set()
    for page in sorted(BOOK.glob("*.ipynb")):
        for cell in json.loads(page.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "markdown":
                refs |= {(nb or page.name, key) for nb, key in ROLE.findall("".join(cell["source"]))}
    for page in sorted(BOOK.glob("*.md")):
        refs |= {(nb, key) for nb, key in ROLE.findall(page.read_text(encoding="utf-8")) if nb}
    return refs


def test_the_role_pattern_reads_both_forms():
    text = "{glue:text}`mil_x` and {glue:text}`military.ipynb::mil_y:s` and {glue}`z`"
    assert ROLE.findall(text) == [("", "mil_x"), ("military.ipynb", "mil_y"), ("", "z")]


def test_every_used_key_is_glued():
    keys = glued()
    missing = sorted(f"{nb}::{key}" for nb, key in used() if key not in keys.get(nb, set()))
    assert missing == []


def test_every_glued_key_is_used():
    refs = used()
    dead = sorted(f"{nb}::{key}" for nb, keys in glued().items() for key in keys if (nb, key) not in refs)
    assert dead == []
