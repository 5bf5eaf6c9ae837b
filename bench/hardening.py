"""Hardening figures: bad inputs tried, crashes, partial writes, data lost, and reads under
concurrent imports and rebuilds. Prints one summary line (and the parts it adds up).

    python bench/hardening.py [--mutations N] [--readers M] [--seconds S]

The same functions back tests/hardening/: the corpus of bad files, seeded random mutations of
good files, and reader threads running while imports and a rebuild swap the database file.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import openpyxl

from data import db
from data.build import KOLADA_FILE, build_database
from data.importers import import_file
from data.importers.common import ImportFailed, sha256_of


def _est_workbook() -> bytes:
    """A good EST export as an Excel workbook (data sheet and an empty second sheet)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "datum", "tid", "område", "plats", "kategori", "organisation"])
    sheet["H1"], sheet["I1"] = "allvarlighet", "beskrivning"
    sheet.append(["X1", dt.date(2024, 6, 14), dt.time(21, 30), "Vaxön", "Hamnen", "Alkohol"])
    sheet["G2"], sheet["H2"], sheet["I2"] = "Polisen", 2, "Skolavslutning"
    sheet.append(["X2", dt.datetime(2024, 6, 21, 23, 0), None, "Kullö", None, "Brand"])
    sheet["G3"], sheet["H3"] = "Väktare", 1
    book.create_sheet("Blad2")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


CORPUS = ROOT / "tests" / "hardening" / "corpus"
# Small good files that the mutations start from: (kind, file name, content as text, written
# as UTF-8, or as bytes), for every kind; the EST ones in cp1252 and as an Excel workbook too.
GOOD_FILES = (
    (
        "kolada",
        "kolada_ok.csv",
        (
            "kpi,municipality_id,municipality,municipality_type,year,gender,value,status,count\n"
            "U07417,0187,Vaxholm,K,2023,T,1167.80908,,1\nU07452,0187,Vaxholm,K,2013,T,,Missing,1\n"
        ),
    ),
    (
        "bra",
        "bra_ok.csv",
        (
            "År;Period;Region_ID;Region;Brottstyp;Nivå;Antal;Per 100 000 inv.;Status\r\n"
            "2023;Helår;8541;Vaxholm kommun;Misshandel (3 kap.);;97;788,6;Slutlig\r\n"
            "2023;Kvartal 1;8541;Vaxholm kommun;Klotter;;..;..;Preliminär\r\n"
        ),
    ),
    (
        "population",
        "population_ok.csv",
        '"region","2022","2023"\r\n"0187 Vaxholm",12200,12330\r\n"01 Stockholms län",2397026,2427800\r\n',
    ),
    (
        "est",
        "est_ok.csv",
        (
            "id;datum;tid;vecka;område;plats;kategori;organisation;allvarlighet;beskrivning\r\n"
            "E-1;2024-04-30;22:15;18;Vaxön;Söderhamnen;Ordningsstörning;Polisen;2;Bråk, hamnen.\r\n"
            "E-2;2024-05-01;;18;rindö;;klotter;Kommunen;1;Klotter. Ring 070-174 06 42\r\n"
            "E-3;2024-05-05;07:05;;Övriga öar;Återvinningsstationen;Nedskräpning;Allmänheten;1;\r\n"
        ),
    ),
    (
        "est",
        "est_ok_cp1252.csv",
        (
            "id,date,time,area,place,category,organisation,severity,description\n"
            'A7,2025-12-31,23:50,Skarpö,Skarpö brygga,Brand,Räddningstjänsten,hög,"Raketer, två"\n'
            "A8,2026-01-01 00:20,,resarö,,Ungdomar,Fältare,1,Unga samlades\n"
        ).encode("cp1252"),
    ),
    (
        "insatser",
        "insatser_ok.csv",
        (
            "id;titel;medborgarlöfte;ansvariga;områden;kategorier;start;slut;status;uppföljning\n"
            "I-1;Patrull vid hamnen;Tryggare hamn;Polisen | Kommunen;Vaxön;Ordningsstörning | "
            "Alkohol;2025-05-02;;pågår;Varje fredag\n"
            "I-2;Föräldramöten;Mot langning;Skola;alla;Alkohol | Narkotika;2025-03-03;2025-06-30;"
            "genomförd;Två möten\n"
        ),
    ),
    (
        "survey",
        "survey_ok.csv",
        (
            "undersökning;indikator;område;år;grupp;andel;n;ki_nedre;ki_övre;poolade_år;seriebrott\r\n"
            "trygghetsmatning;survey_trygg_kvall;Vaxholm;2023;alla;90,0;538;;;;\r\n"
            "ntu;survey_ntu_otrygg_kvall;Riket;2018;alla;29,1;74 000;28,6;29,6;2;ja\r\n"
        ),
    ),
    (
        "stockholmsenkaten",
        "stockholmsenkaten_results_ok.csv",
        (
            "indikator;kommunkod;år;årskurs;kön;andel;antal\r\n"
            "sthlm_narkotika_nagon_gang;0187;2022;åk9;pojkar;15,4;65\r\n"
            "sthlm_nykter;0001;2018;gy2;alla;23,5;20 514\r\n"
        ),
    ),
    (
        "stockholmsenkaten",
        "stockholmsenkaten_pupils_ok.csv",
        (
            "ID;ar;Hemkommun;ARSKURS;F2;F46;F50;F67c;F82;F90\r\n"
            "A-001;2024;19;9;1;2;3;4;1;5\r\nA-002;2024;19;9;2;1;996;1;998;1\r\n"
            "A-003;2024;26;2;999;999;999;999;;2\r\n"
        ),
    ),
    ("est", "est_ok.xlsx", _est_workbook()),
)


@dataclass
class Tally:
    """Outcome of trying inputs: every try ends in success or one clear ImportFailed."""

    tried: int = 0
    rejected: int = 0
    accepted: int = 0
    crashes: list[str] = field(default_factory=list)
    partial_writes: list[str] = field(default_factory=list)
    data_lost: list[str] = field(default_factory=list)


def row_counts(database: Path) -> dict[str, int]:
    con = db.connect(database)
    try:
        tables = [name for (name,) in db.cursor(con).execute("SHOW TABLES").fetchall()]
        return {
            table: db.cursor(con).execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
            for table in tables
        }
    finally:
        con.close()


def try_import(database: Path, kind: str, path: Path, tally: Tally) -> None:
    """Import one file into `database`; record a crash, a failed import that changed the file,
    or an accepted import after which any table holds fewer rows (imports only add/replace)."""
    before = sha256_of(database)
    counts_before = row_counts(database)
    tally.tried += 1
    try:
        import_file(database, kind, path)
    except ImportFailed:
        tally.rejected += 1
        if sha256_of(database) != before:
            tally.partial_writes.append(path.name)
        return
    except Exception as error:  # noqa: BLE001 - counting crashes is this harness's job
        tally.crashes.append(f"{path.name}: {type(error).__name__}: {error}")
        if sha256_of(database) != before:
            tally.partial_writes.append(path.name)
        return
    tally.accepted += 1
    counts_after = row_counts(database)
    if any(counts_after[table] < rows for table, rows in counts_before.items()):
        tally.data_lost.append(path.name)


def run_corpus(template: Path, folder: Path, tally: Tally) -> None:
    """Every file of the bad-input corpus, each against a fresh copy of the template."""
    with open(CORPUS / "expected.csv", encoding="utf-8", newline="") as handle:
        for case in csv.DictReader(handle):
            database = folder / "corpus.duckdb"
            shutil.copyfile(template, database)
            try_import(database, case["kind"], CORPUS / case["file"], tally)


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One to three random edits: drop, duplicate or swap a line, flip, insert or cut bytes."""
    for _ in range(rng.randint(1, 3)):
        lines = data.split(b"\n")
        operation = rng.choice(
            (
                "drop_line",
                "duplicate_line",
                "swap_lines",
                "flip_byte",
                "insert_bytes",
                "truncate",
                "delete_byte",
            )
        )
        if operation == "drop_line" and len(lines) > 1:
            del lines[rng.randrange(len(lines))]
            data = b"\n".join(lines)
        elif operation == "duplicate_line":
            index = rng.randrange(len(lines))
            lines.insert(index, lines[index])
            data = b"\n".join(lines)
        elif operation == "swap_lines" and len(lines) > 2:
            first, second = rng.sample(range(len(lines)), 2)
            lines[first], lines[second] = lines[second], lines[first]
            data = b"\n".join(lines)
        elif operation == "flip_byte" and data:
            index = rng.randrange(len(data))
            data = data[:index] + bytes([rng.randrange(256)]) + data[index + 1 :]
        elif operation == "insert_bytes":
            index = rng.randrange(len(data) + 1)
            junk = rng.choice(
                (
                    b";",
                    b",",
                    b'"',
                    b"\r",
                    b"\x00",
                    b"..",
                    b"-",
                    b"\xe5",
                    b"=1+1",
                    bytes(rng.randrange(256) for _ in range(4)),
                )
            )
            data = data[:index] + junk + data[index:]
        elif operation == "truncate" and data:
            data = data[: rng.randrange(len(data))]
        elif operation == "delete_byte" and data:
            index = rng.randrange(len(data))
            data = data[:index] + data[index + 1 :]
    return data


def content_bytes(content: str | bytes) -> bytes:
    return content if isinstance(content, bytes) else content.encode("utf-8")


def run_mutations(template: Path, folder: Path, tally: Tally, count: int, seed: int) -> None:
    """`count` seeded mutations of the good files, each against a fresh copy of the template."""
    rng = random.Random(seed)
    for number in range(count):
        kind, name, text = GOOD_FILES[number % len(GOOD_FILES)]
        source = folder / f"mutation_{number}_{name}"
        source.write_bytes(mutate(content_bytes(text), rng))
        database = folder / "mutation.duckdb"
        shutil.copyfile(template, database)
        try_import(database, kind, source, tally)
        source.unlink()


@dataclass
class ReadTally:
    reads: int = 0
    inconsistent: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    versions_seen: set = field(default_factory=set)


def snapshot(con) -> tuple[int, int, int]:
    """(imports, kolada rows, crime rows) in one query: one consistent version of the data."""
    cursor = db.cursor(con)
    try:
        return cursor.execute(
            "SELECT (SELECT count(*) FROM imports), (SELECT count(*) FROM kolada_values), "
            "(SELECT count(*) FROM crime_counts)"
        ).fetchone()
    finally:
        cursor.close()


# Seconds a reader waits between two snapshots.
READ_PAUSE_SECONDS = 0.05


def run_concurrency(database: Path, folder: Path, readers: int, seconds: float) -> ReadTally:
    """Reader threads read snapshots while the main thread imports files and rebuilds.

    Readers behave like the app: they keep one read-only connection per database version and
    open a new one when the file's version changes. Every snapshot must equal the state of one
    completed version; a reader must never get an error (no lock errors, no half imports).
    """
    valid: set[tuple[int, int, int]] = set()
    reader_connection = db.connect(database)
    valid.add(snapshot(reader_connection))
    reader_connection.close()
    tally = ReadTally()
    lock = threading.Lock()
    stop = threading.Event()

    def read_loop() -> None:
        version, con = None, None
        while not stop.is_set():
            try:
                current = db.database_version(database)
                if current != version:
                    if con is not None:
                        con.close()
                    con, version = db.connect(database), current
                state = snapshot(con)
                with lock:
                    tally.reads += 1
                    tally.versions_seen.add(state)
                    pending.append(state)
            except Exception as error:  # noqa: BLE001 - any reader error is a finding
                with lock:
                    tally.errors.append(f"{type(error).__name__}: {error}")
            # A pause between reads, as between a visitor's clicks: 8 readers querying back to
            # back took the CPU from the writer (on 2 cores a rebuild took 29 s instead of 8 s)
            # and still read only what a few hundred reads cover.
            stop.wait(READ_PAUSE_SECONDS)
        if con is not None:
            con.close()

    pending: list[tuple[int, int, int]] = []
    threads = [threading.Thread(target=read_loop) for _ in range(readers)]
    for thread in threads:
        thread.start()
    started = time.monotonic()
    step = 0
    try:
        while time.monotonic() - started < seconds:
            step += 1
            if step % 4 == 0:
                build_database(database)
            else:
                source = folder / f"kolada_step_{step}.csv"
                source.write_text(
                    "kpi,municipality_id,municipality,municipality_type,year,gender,value,"
                    "status,count\n"
                    f"U07417,0187,Vaxholm,K,{2000 + step % 10},K,{step}.5,,1\n"
                    f"U07417,0117,Österåker,K,{1990 + step},M,{step}.25,,1\n",
                    encoding="utf-8",
                )
                import_file(database, "kolada", source)
            con = db.connect(database)
            with lock:
                valid.add(snapshot(con))
            con.close()
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    tally.inconsistent = [str(state) for state in pending if state not in valid]
    tally.versions_seen &= valid
    return tally


@dataclass
class WriterTally:
    """Imports started as parallel processes: files whose rows did not all survive."""

    imports: int = 0
    failed: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)


def run_concurrent_writers(template: Path, folder: Path, trials: int, width: int) -> WriterTally:
    """`trials` times, `width` imports of different EST files started at once as separate
    `python -m data import` processes against one database: every file's rows must be stored,
    each under its own import id."""
    tally = WriterTally()
    header = "id;datum;tid;område;plats;kategori;organisation;allvarlighet;beskrivning\n"
    for trial in range(trials):
        database = folder / "writers.duckdb"
        shutil.copyfile(template, database)
        sources = []
        for number in range(width):
            source = folder / f"writer_{trial}_{number}.csv"
            source.write_text(
                header + f"W{trial}-{number};2024-05-01;12:00;Vaxön;;Övrigt;Polisen;1;x\n",
                encoding="utf-8",
            )
            sources.append(source)
        processes = [
            subprocess.Popen(
                [sys.executable, "-m", "data", "import", "est", str(source), "--db", str(database)],
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for source in sources
        ]
        for source, process in zip(sources, processes, strict=True):
            _, err = process.communicate()
            tally.imports += 1
            if process.returncode != 0:
                tally.failed.append(f"{source.name}: {err.strip()[-200:]}")
        con = db.connect(database)
        try:
            stored = dict(
                db.cursor(con)
                .execute("SELECT incident_id, import_id FROM est_incidents")
                .fetchall()
            )
        finally:
            con.close()
        ids = [f"W{trial}-{number}" for number in range(width)]
        for incident_id, source in zip(ids, sources, strict=True):
            if incident_id not in stored:
                tally.lost.append(source.name)
        if len({stored.get(incident_id) for incident_id in ids}) != width:
            tally.lost.append(f"trial {trial}: shared import ids")
    return tally


def run_swap_side_effects(template: Path, folder: Path) -> list[str]:
    """What the copy-and-swap may change besides the rows: the file's mode, a symlinked
    database, copies left by a killed writer. Returns the problems found."""
    problems = []
    source = folder / "side_effect.csv"
    source.write_text(
        "id;datum;tid;område;plats;kategori;organisation;allvarlighet;beskrivning\n"
        "S-1;2024-05-01;12:00;Vaxön;;Övrigt;Polisen;1;x\n",
        encoding="utf-8",
    )
    database = folder / "side.duckdb"
    shutil.copyfile(template, database)
    database.chmod(0o664)
    stale = folder / ".side.duckdb.killed.tmp"
    stale.write_bytes(b"left by kill -9")
    link = folder / "side_link.duckdb"
    link.symlink_to(database)
    import_file(link, "est", source)
    if database.stat().st_mode & 0o777 != 0o664:
        problems.append(f"mode became {database.stat().st_mode & 0o777:o}")
    if not link.is_symlink():
        problems.append("symlinked --db replaced by a file")
    if stale.exists():
        problems.append("stale copy of a killed import kept")
    return problems


def run_overwrites(template: Path, folder: Path) -> list[str]:
    """Issue 14.11: a user file that changes a real Kolada value of the bundled file, imported
    without and with --replace, then the bundled file again. Returns the problems found."""
    problems = []
    database = folder / "overwrite.duckdb"
    shutil.copyfile(template, database)
    user = folder / "egen_kolada.csv"
    user.write_text(
        "kpi,municipality_id,municipality,municipality_type,year,gender,value,status,count\n"
        "N00943,0187,Vaxholm,K,2010,T,99.5,,1\n",
        encoding="utf-8",
    )

    def stored_value() -> float:
        con = db.connect(database)
        try:
            return (
                db.cursor(con)
                .execute(
                    "SELECT value FROM kolada_values WHERE kpi = 'N00943' AND "
                    "municipality_code = '0187' AND year = 2010 AND gender = 'T'"
                )
                .fetchone()[0]
            )
        finally:
            con.close()

    real = stored_value()
    try:
        import_file(database, "kolada", user)
        problems.append("a real Kolada value was replaced without --replace")
    except ImportFailed as error:
        if "--replace" not in str(error):
            problems.append(f"refused without naming --replace: {error}")
    try:
        summary = import_file(database, "kolada", user, replace=True).summary()
        if "ersatte 1 rad från import" not in summary:
            problems.append(f"the summary does not name what it replaced: {summary}")
    except Exception as error:  # noqa: BLE001 - the old code has no replace option
        problems.append(f"no explicit replace: {type(error).__name__}")
    try:
        again = import_file(database, "kolada", KOLADA_FILE, replace=True)
        if again.already_imported or stored_value() != real:
            problems.append("re-importing the replaced real file did not restore it")
    except Exception as error:  # noqa: BLE001
        problems.append(f"re-importing the real file: {type(error).__name__}: {error}")
    return problems


def _na_and_last_microsecond(path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "datum", "tid", "område", "plats", "kategori", "organisation"])
    sheet["H1"], sheet["I1"] = "allvarlighet", "beskrivning"
    sheet.append(["U-1", dt.datetime(2024, 6, 14, 23, 59, 59, 999999)])
    sheet["C2"] = dt.time(23, 59, 59, 999999)
    sheet["D2"], sheet["E2"], sheet["F2"], sheet["G2"], sheet["H2"] = (
        "Vaxön",
        "#N/A",
        "Brand",
        "Polisen",
        1,
    )
    sheet["E2"].data_type = "e"
    hidden = book.create_sheet("Dolt")
    hidden.append(["id", "datum", "område", "kategori", "organisation", "allvarlighet"])
    hidden.append(["U-9", "2024-06-14", "Vaxön", "Brand", "Polisen", 1])
    hidden.sheet_state = "veryHidden"
    book.save(path)


def run_unseen_values(template: Path, folder: Path) -> tuple[int, list[str]]:
    """Issue 14.10, what must import as the user sees it: an Excel sheet with #N/A, 23:59:59.999999
    and a very hidden sheet; NFD text; pure cp1252 with "Ö–". Returns (cases, problems)."""
    header = "id;datum;tid;område;plats;kategori;organisation;allvarlighet;beskrivning\n"
    row = "U-1;2024-06-14;23:59;Vaxön;;Brand;Polisen;1;Rök vid Ö–bryggan\n"
    cases = {
        "unseen.xlsx": _na_and_last_microsecond,
        "nfd.csv": unicodedata.normalize("NFD", header + row).encode("utf-8"),
        "cp1252.csv": (header + row).encode("cp1252"),
    }
    expected = {
        "unseen.xlsx": [("U-1", dt.date(2024, 6, 14), dt.time(23, 59), "Vaxön", None)],
        "nfd.csv": [("U-1", dt.date(2024, 6, 14), dt.time(23, 59), "Vaxön", "Rök vid Ö–bryggan")],
        "cp1252.csv": [
            ("U-1", dt.date(2024, 6, 14), dt.time(23, 59), "Vaxön", "Rök vid Ö–bryggan")
        ],
    }
    problems = []
    for name, content in cases.items():
        source = folder / name
        if callable(content):
            content(source)
        else:
            source.write_bytes(content)
        database = folder / "unseen.duckdb"
        shutil.copyfile(template, database)
        try:
            import_file(database, "est", source)
        except ImportFailed as error:
            problems.append(f"{name}: refused: {error}")
            continue
        con = db.connect(database)
        try:
            stored = (
                db.cursor(con)
                .execute(
                    "SELECT incident_id, incident_date, incident_time, "
                    "(SELECT name_sv FROM est_areas WHERE est_areas.area_id = i.area_id), "
                    "description FROM est_incidents AS i WHERE incident_id LIKE 'U-%' "
                    "ORDER BY incident_id"
                )
                .fetchall()
            )
        finally:
            con.close()
        if stored != expected[name]:
            problems.append(f"{name}: stored {stored}")
    return len(cases), problems


def run_sign_in_guesses(folder: Path) -> int:
    """Issue 14.7: 48 wrong passwords in 12 new sessions (4 each). Returns how many the app
    compared with the hash (each one a guess an attacker gets)."""
    from streamlit.testing.v1 import AppTest

    from ui import auth

    os.environ["TRYGG_AUTH_STATE"] = str(folder / "auth.json")
    secrets = {"roles": {"coordinator_password_scrypt": auth.hash_password("r" * 20, n=2**14)}}
    checked = []
    original = auth.verify_password

    def recording(password: str, encoded: str, **options: object) -> bool:
        checked.append(password)
        return original(password, encoded, **options)

    def app() -> None:
        from ui import auth

        auth.login_panel()

    auth.verify_password = recording
    try:
        for session in range(12):
            test = AppTest.from_function(app, default_timeout=60)
            for name, value in secrets.items():
                test.secrets[name] = value
            test.run()
            for guess in range(4):
                test.text_input(key="auth_password").input(f"gissning {session}-{guess}")
                test.button(key="auth_submit").click().run()
    finally:
        auth.verify_password = original
    return len(checked)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mutations", type=int, default=300)
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--seed", type=int, default=187)
    parser.add_argument(
        "--writer-trials", type=int, default=4, help="rounds of parallel import processes"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        template = folder / "template.duckdb"
        build_database(template)
        tally = Tally()
        run_corpus(template, folder, tally)
        corpus = (tally.tried, tally.accepted, tally.rejected)
        run_mutations(template, folder, tally, args.mutations, args.seed)
        live = folder / "live.duckdb"
        shutil.copyfile(template, live)
        import_file(live, "kolada", KOLADA_FILE)
        reads = run_concurrency(live, folder, args.readers, args.seconds)
        writers = run_concurrent_writers(template, folder, args.writer_trials, 3)
        side_effects = run_swap_side_effects(template, folder)
        overwrites = run_overwrites(template, folder)
        unseen_cases, unseen = run_unseen_values(template, folder)
        guesses = run_sign_in_guesses(folder)
    kinds = sorted({kind for kind, _, _ in GOOD_FILES})
    print(
        f"corpus files tried: {corpus[0]} (accepted {corpus[1]}, which must be 0); "
        f"mutated files tried: {tally.tried - corpus[0]} from {len(GOOD_FILES)} good files "
        f"({', '.join(kinds)}): accepted {tally.accepted - corpus[1]}, rejected "
        f"{tally.rejected - corpus[2]}"
    )
    for crash in tally.crashes:
        print(f"crash: {crash}")
    print(
        f"reads: {reads.reads} by {args.readers} readers over {args.seconds:.0f} s, "
        f"{len(reads.versions_seen)} versions seen; reader errors: {len(reads.errors)}"
    )
    print(
        f"concurrent imports: {writers.imports} ({args.writer_trials} x 3 processes at once); "
        f"failed: {len(writers.failed)}, files lost: {len(writers.lost)}"
    )
    for problem in writers.failed + writers.lost:
        print(f"writer: {problem}")
    for problem in side_effects:
        print(f"swap: {problem}")
    for problem in overwrites:
        print(f"overwrite: {problem}")
    for problem in unseen:
        print(f"excel/text: {problem}")
    print(
        f"SUMMARY bad inputs tried: {tally.tried}, crashes: {len(tally.crashes)}, "
        f"partial writes: {len(tally.partial_writes)}, data lost: {len(tally.data_lost)}, "
        f"inconsistent reads: {len(reads.inconsistent)} under {args.readers} concurrent readers, "
        f"concurrent imports lost: {len(writers.lost) + len(writers.failed)} of {writers.imports}, "
        f"swap side effects: {len(side_effects)} of 3, "
        f"overwrite problems: {len(overwrites)} of 3, "
        f"values not as seen: {len(unseen)} of {unseen_cases}, "
        f"passwords checked: {guesses} of 48 guesses in 12 sessions"
    )


if __name__ == "__main__":
    main()
