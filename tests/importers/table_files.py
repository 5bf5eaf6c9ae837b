"""Files the importer tests write: the rows of a table in each way the import contract
accepts (tests/importers/test_one_reader.py and the importers' own tests)."""

from __future__ import annotations

from pathlib import Path


def write(
    path: Path,
    rows: list[list[str]],
    *,
    delimiter: str = ";",
    encoding: str = "utf-8",
    bom: bool = False,
    newline: str = "\r\n",
    quoted: bool = False,
) -> Path:
    cells = (f'"{cell}"' if quoted else cell for row in rows for cell in row)
    width = len(rows[0])
    flat = list(cells)
    lines = [delimiter.join(flat[start : start + width]) for start in range(0, len(flat), width)]
    text = newline.join(lines) + newline
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding))
    return path


def variants(rows: list[list[str]], numeric: set[int]) -> dict[str, dict]:
    """Ways the contract allows to write the same rows: (rows, write options) by name.
    `numeric` are the columns holding decimal numbers (decimal comma or point)."""

    def decimals(point: bool) -> list[list[str]]:
        return [
            [
                cell.replace(",", ".") if point and index in numeric else cell
                for index, cell in enumerate(row)
            ]
            for row in rows
        ]

    return {
        "semicolon_crlf": {"rows": decimals(False)},
        "semicolon_bom_lf": {"rows": decimals(False), "bom": True, "newline": "\n"},
        "semicolon_cp1252": {"rows": decimals(False), "encoding": "cp1252"},
        "comma_point": {"rows": decimals(True), "delimiter": ","},
        "comma_point_cp1252": {"rows": decimals(True), "delimiter": ",", "encoding": "cp1252"},
        "comma_point_bom": {"rows": decimals(True), "delimiter": ",", "bom": True},
        "semicolon_point": {"rows": decimals(True)},
        "semicolon_quoted": {"rows": decimals(False), "quoted": True},
    }
