"""Downloads: formula cells neutralised, provenance first, Excel (svenska) round-trips."""

import io

import pandas as pd

from ui.export import neutralise_formulas, to_csv, to_excel_swedish

FRAME = pd.DataFrame(
    {
        "Område": ["=HYPERLINK(1)", "+46", "-x", "@sum", "\tTab", "Vaxholm"],
        "Värde": [1167.8, -2.5, 0.0, 1.0, 2.0, 3.25],
    }
)


def test_formula_cells_are_neutralised_numbers_kept() -> None:
    cleaned = neutralise_formulas(FRAME)
    assert cleaned["Område"].tolist() == [
        "'=HYPERLINK(1)",
        "'+46",
        "'-x",
        "'@sum",
        "'\tTab",
        "Vaxholm",
    ]
    assert cleaned["Värde"].tolist() == FRAME["Värde"].tolist()
    assert FRAME["Område"].iloc[0] == "=HYPERLINK(1)", "input not mutated"


def test_csv_starts_with_provenance_and_round_trips() -> None:
    data = to_csv(FRAME, ["Källa: test. Exempeldata."])
    assert data.startswith("# Källa: test. Exempeldata.\n".encode())
    back = pd.read_csv(io.BytesIO(data), comment="#")
    assert back["Värde"].tolist() == FRAME["Värde"].tolist()


def test_excel_swedish_uses_bom_semicolon_decimal_comma() -> None:
    data = to_excel_swedish(FRAME, ["Källa: test."])
    assert data.startswith(b"\xef\xbb\xbf# K")
    text = data.decode("utf-8-sig")
    assert "Vaxholm;3,25\r\n" in text
    back = pd.read_csv(io.BytesIO(data), sep=";", decimal=",", comment="#", encoding="utf-8-sig")
    assert back["Värde"].tolist() == FRAME["Värde"].tolist()
