"""The project's Sphinx extensions, listed in _config.yml: page markup and the bibliography style
(`pages`), pages that follow the data their notebooks read (`rebuild`), the edition on title pages
(`edition`) and further PDFs from one LaTeX build (`latexdocs`)."""
