"""Strategic and economic context (book/context), one module per concern.

    from csreport.chapters.context import ceec, debt, fdi, projects, timeline, trade

Each module holds small functions over validated tables from `data.load`: they return numbers,
dates, frames or small frozen dataclasses; `*_figure` functions return a `charts.Chart`, `*_rows`
functions the frame a table shows. Which row a sentence quotes, and how a value is worded, is
decided in the notebook (book/context.ipynb), right above the prose. Nothing here converts
currencies, averages competing values or merges statistical bases.
"""
