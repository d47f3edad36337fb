"""The presentation layer: values to words (`glue`), the house chart and table style (`charts`,
`tables`), where figures and downloads are written (`publish`), and maps (`geo`). It reads the
data layer and nothing above it."""
