"""The project's Sphinx extensions, listed in _config.yml: page markup and the bibliography style
(`pages`), pages that follow what their notebooks read and builders that do not undo each other
(`rebuild`, which runs the executor and loads `profile` for `make bench`), the build-status page's
values of the day of the build (`status`), the edition on title pages (`edition`), further PDFs
from one LaTeX build (`latexdocs`) and redirects from renamed pages (`redirects`)."""
