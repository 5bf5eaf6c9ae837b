"""SPSS files in the layout Origo delivers Stockholmsenkäten's pupil answers in, with invented
values (example data, not survey answers): value labels, user-missing codes 99/999/996/998,
the 2024 variable names or the earlier ones (`f66c`, `F100`, `Kön`)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyreadstat

# Value labels as Origo's files carry them (the 2024 codebook's Hemkommun coding).
HOME_LABELS_2024 = {19.0: "Vaxholm", 26.0: "Österåker", 99.0: "Ej svar"}
SEX_LABELS = {1.0: "Pojke", 2.0: "Flicka", 3.0: "Annan", 999.0: "Ej svar"}
MISSING = [{"lo": 996.0, "hi": 999.0}, 99.0]


def write_2024(path: Path) -> Path:
    """Three invented pupils of 2024 (2024 names) with 996, 998, 99 and 999 answers, a
    system-missing (not asked) F102 and a school code (not stored)."""
    frame = pd.DataFrame(
        {
            "ID": ["S-001", "S-002", "S-003"],
            "ar": [2024.0, 2024.0, 2024.0],
            "Hemkommun": [19.0, 19.0, 26.0],
            "Skolenhetskod": [12345678.0, 12345678.0, 87654321.0],
            "ARSKURS": [9.0, 9.0, 2.0],
            "F2": [1.0, 2.0, 999.0],
            "F67c": [4.0, 1.0, 99.0],
            "F102": [1.0, 999.0, float("nan")],
            "F50": [3.0, 996.0, 998.0],
        }
    )
    labels = {"Hemkommun": HOME_LABELS_2024, "F2": SEX_LABELS}
    missing = {name: MISSING for name in ("F2", "F67c", "F102", "F50")}
    pyreadstat.write_sav(
        frame,
        str(path),
        file_label="Exempeldata (påhittade värden), Stockholmsenkäten-layout",
        variable_value_labels=labels,
        missing_ranges=missing,
    )
    return path


def write_before_2024(path: Path) -> Path:
    """Two invented pupils of 2022 with the names before 2024 (`f66c` is F67c, `F100` is F102,
    `Kön` is F2) and an older Hemkommun coding told by its value labels (7 = Vaxholm)."""
    frame = pd.DataFrame(
        {
            "ID": ["G-001", "G-002"],
            "ar": [2022.0, 2022.0],
            "Hemkommun": [7.0, 7.0],
            "ARSKURS": [9.0, 9.0],
            "Kön": [2.0, 1.0],
            "f66c": [3.0, 99.0],
            "F100": [2.0, 1.0],
            "SkolSDO": [1.0, 2.0],
        }
    )
    pyreadstat.write_sav(
        frame,
        str(path),
        file_label="Exempeldata (påhittade värden), Stockholmsenkäten-layout före 2024",
        variable_value_labels={"Hemkommun": {7.0: "Vaxholm", 8.0: "Danderyd"}},
        missing_ranges={"f66c": [99.0]},
    )
    return path
