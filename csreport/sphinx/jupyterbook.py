"""`jupyter-book build`, with the build's executor started first (`make html`, `make pdf`):

    python -m csreport.sphinx.jupyterbook BOOK [jupyter-book build options]

Loading jupyter-book and Sphinx takes about 0.9 s on two cores before Sphinx loads its first
extension, `csreport.sphinx.executor`, which would otherwise start the executor. Started here, the
executor checks the cache and its kernels run meanwhile; the extension takes it over. Run directly,
`jupyter-book build BOOK` builds the same book, its executor starting with the extension.
"""

from __future__ import annotations

import sys

from csreport.sphinx import executor


def main(argv: list[str]) -> int:
    book, options = argv[0], argv[1:]
    executor.start_early(book)
    from jupyter_book.cli.main import main as jupyter_book

    return jupyter_book(["build", book, *options], prog_name="jupyter-book")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
