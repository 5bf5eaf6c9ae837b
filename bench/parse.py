"""Parse speed of the importers (parse() only: read, check, build the frames; no database
write). Prints seconds per file, the best of --repeat runs.

    python bench/parse.py [--repeat N] [--municipalities M] [--est N] [--pupils N]

Files: the bundled Kolada file (all 290 municipalities, 138 910 rows) and bench/national.py's
generated Brå, survey, Stockholmsenkäten (results and pupils) and EST files at the scale given
(seeded: the same files every run).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import national

from data import db
from data.build import KOLADA_FILE, load_metadata
from data.importers import importer_for
from data.importers.common import Catalog


def catalog_in(folder: Path) -> Catalog:
    path = folder / "catalog.duckdb"
    with db.write_copy(path, create=True) as con:
        load_metadata(con)
    con = db.connect(path)
    try:
        return Catalog.from_database(con)
    finally:
        con.close()


def best_of(repeat: int, function) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--municipalities", type=int, default=60)
    parser.add_argument("--est", type=int, default=100_000)
    parser.add_argument("--pupils", type=int, default=20_000)
    parser.add_argument("--kinds", nargs="*", help="time only these kinds")
    args = parser.parse_args(argv)
    scale = national.Scale(
        municipalities=args.municipalities,
        years=15,
        pupils=args.pupils,
        est_reports=args.est,
        est_years=1,
    )
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        catalog = catalog_in(folder)
        writers = [
            ("kolada", lambda: KOLADA_FILE),
            ("bra", lambda: national.write_bra(folder, scale)),
            ("survey", lambda: national.write_survey(folder, scale)),
            ("stockholmsenkaten", lambda: national.write_youth_results(folder, scale)),
            ("stockholmsenkaten", lambda: national.write_pupils(folder, scale)[0]),
            ("est", lambda: national.write_est(folder, scale)[0]),
        ]
        files = [(kind, write()) for kind, write in writers if not args.kinds or kind in args.kinds]
        total = 0.0
        for kind, path in files:
            module = importer_for(kind)
            parsed = module.parse(path, catalog)
            seconds = best_of(args.repeat, lambda m=module, p=path: m.parse(p, catalog))
            total += seconds
            print(f"{kind:18} {path.name[:48]:48} {parsed.rows:>9} rows {seconds:7.3f} s")
        print(f"{'total':18} {'':48} {'':>9}      {total:7.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
