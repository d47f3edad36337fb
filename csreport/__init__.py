"""Shared code of the China–Serbia security relations report, in layers by role.

    paths      where the project's files are (the one place)
    data/      loading and validating the tables, the bibliography, checks, the changelog
    report/    values to words (glue), the house chart and table style, publishing, maps
    chapters/  analysis, one module or subpackage per chapter, named by topic
    build/     parallel execution, the cache of what each execution read, editions, distribution
    sphinx/    the project's Sphinx extensions

A layer imports only the layers above it in this list (tests/unit/test_layers.py).
"""
