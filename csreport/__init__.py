"""Shared code of the China–Serbia security relations report.

Notebooks call into these modules and nothing else: `data.load` for validated tables,
`charts` for the one figure style, `tables` for typeset tables, `glue` for numbers in prose.
"""
