"""What the figure and table helpers share: where outputs go and how they are shown in the book."""

from __future__ import annotations

from IPython.display import Markdown, display

from csreport import paths


def target(name: str, suffix: str):
    """Path of a generated file, and its path as written in a notebook under book/."""
    paths.GENERATED.mkdir(parents=True, exist_ok=True)
    path = paths.GENERATED / f"{name}{suffix}"
    return path, f"{paths.GENERATED.name}/{path.name}"


def write_csv(frame, name: str) -> str:
    """The data behind a figure or table as a CSV readers can download; returns the book path."""
    path, book_path = target(name, ".csv")
    frame.to_csv(path, index=False, lineterminator="\n")
    return book_path


def cite(keys: list[str]) -> str:
    return "{cite:p}`" + ",".join(keys) + "`" if keys else ""


def footer(keys: list[str], csv_path: str, what: str) -> str:
    """Linked sources under a figure or table, and (HTML only) the download of its data."""
    parts = []
    if keys:
        parts.append(f"Sources: {cite(keys)}.")
    parts.append(f"\n```{{only}} html\n{{download}}`Download the data behind this {what} (CSV) <{csv_path}>`\n```\n")
    return "\n".join(parts)


def show(markdown: str) -> None:
    """Hand MyST Markdown to the book (rendered as MyST: nb_render_markdown_format = myst)."""
    display(Markdown(markdown))


def write_package_zip() -> str:
    """The whole data package (CSVs, datapackage.json, references.bib) as one zip; returns the book path."""
    import zipfile

    from csreport import paths

    path, book_path = target("china-serbia-security-data", ".zip")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for file in sorted(paths.DATA.iterdir()):
            if file.suffix in (".csv", ".json"):
                zf.write(file, f"data/{file.name}")
        zf.write(paths.BIBLIOGRAPHY, "references.bib")
    return book_path
