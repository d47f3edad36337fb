"""Analysis, one module or subpackage per chapter, named by topic: small functions over validated
tables that return numbers, dates, frames, small dataclasses or a `charts.Chart`. Which row a
sentence quotes, and how it is worded, is decided in the chapter's notebook, above the prose."""
