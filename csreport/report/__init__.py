"""The presentation layer: values to words (`glue`), the house chart and table style (`charts`,
`tables`), where figures and downloads are written (`publish`), and maps (`geo`). It reads the
data layer and nothing above it."""

# Characters of a full-width line of table text (10 pt): the notebooks' column widths (`tables`)
# and the PDF's estimate of a table's height (csreport.sphinx.tablelayout) both count with it.
TABLE_LINE_CHARS = 92
