"""The analysts' command line: build the database, or import one file into it.

    python -m data build [--db PATH]
    python -m data import KIND FILE [--db PATH] [--year YEAR] [--replace]
    python -m data example OUTDIR

Exit status 0 with a one-line summary on success; non-zero with one clear error line otherwise.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

from data import db, example, example_est, example_safety, example_youth
from data.build import build_database
from data.importers import IMPORTERS, import_file
from data.importers.common import ImportFailed


def write_all_examples(folder: Path) -> list[Path]:
    """Every example-data file the build imports (crime and population, surveys, EST reports
    and insatser, Stockholmsenkäten pupils and result tables), written to `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    crime = example.write_example_files(folder)
    safety = example_safety.write_example_files(folder)
    est = example_est.write_est_example_files(folder)
    youth = example_youth.write_example_files(folder)
    return [
        crime.population,
        crime.crime,
        safety.trygghetsmatning,
        safety.ntu,
        est.incidents,
        est.actions,
        *youth.pupils,
        youth.results,
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="bygg hela databasen från de medföljande filerna")
    build.add_argument("--db", type=Path, default=None, help="databasfil (standard: $TRYGG_DB)")
    add = commands.add_parser("import", help="importera en fil till en befintlig databas")
    add.add_argument("kind", choices=sorted(IMPORTERS), help="källa")
    add.add_argument("file", type=Path)
    add.add_argument("--db", type=Path, default=None)
    add.add_argument(
        "--year", type=int, default=None, help="år för Brås årsfil när filnamnet inte anger det"
    )
    add.add_argument(
        "--replace",
        action="store_true",
        help="låt filen ersätta lagrade publicerade värden (Kolada, Brå, SCB) som den ändrar",
    )
    generate = commands.add_parser("example", help="skriv exempeldatafilerna till en mapp")
    generate.add_argument("outdir", type=Path)
    args = parser.parse_args(argv)

    try:
        if args.command == "build":
            print(build_database(args.db).summary())
        elif args.command == "import":
            options = {"year": args.year} if args.year is not None else {}
            result = import_file(
                args.db or db.database_path(),
                args.kind,
                args.file,
                replace=args.replace,
                **options,
            )
            print(result.summary())
        else:
            print(
                f"exempeldata skriven: {len(write_all_examples(args.outdir))} filer i {args.outdir}"
            )
    except ImportFailed as error:
        print(f"fel: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"fel: {error}", file=sys.stderr)
        return 2
    except MemoryError:
        print(
            "fel: för lite minne för att läsa filen; dela upp den i mindre filer", file=sys.stderr
        )
        return 2
    except duckdb.Error as error:
        # The database file could not be written (disk full, a file-size limit, ...): the
        # import is all or nothing, so the database is as it was.
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        print(f"fel: databasen kunde inte skrivas ({message}); inget ändrades", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
