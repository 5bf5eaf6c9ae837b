"""The architecture rules of DESIGN §2, checked on the source: imports flow one way, SQL is never
formatted from values, and the app reads the database read-only through data.db.connect."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# SQL keywords (upper case, as this project writes SQL) that mark a string as SQL text.
SQL_PATTERN = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|FROM|WHERE)\b")


def python_files(folder: str) -> list[Path]:
    files = sorted((ROOT / folder).rglob("*.py"))
    assert files, f"no Python files under {folder}/"
    return files


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at any depth (also inside functions), as dotted names."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
            modules.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            modules.add(str(node.args[0].value))
    return modules


def imports_package(path: Path, package: str) -> bool:
    return any(
        module == package or module.startswith(f"{package}.") for module in imported_modules(path)
    )


def relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_import_helper_sees_every_form(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import duckdb as d\n"
        "from streamlit import cache_data\n"
        "def f():\n"
        "    import data.db\n"
        "    importlib.import_module('data')\n",
        encoding="utf-8",
    )
    assert imports_package(sample, "duckdb")
    assert imports_package(sample, "streamlit")
    assert imports_package(sample, "data")
    assert not imports_package(sample, "dat")
    assert not imports_package(sample, "pandas")


@pytest.mark.parametrize("path", python_files("analytics"), ids=relative)
def test_analytics_imports_neither_streamlit_nor_duckdb(path: Path) -> None:
    assert not imports_package(path, "streamlit")
    assert not imports_package(path, "duckdb")
    assert not imports_package(path, "data")
    assert not imports_package(path, "ui")


@pytest.mark.parametrize("path", python_files("data"), ids=relative)
def test_data_never_imports_streamlit(path: Path) -> None:
    assert not imports_package(path, "streamlit")
    assert not imports_package(path, "ui")


@pytest.mark.parametrize("path", sorted((ROOT / "pages").glob("*.py")), ids=relative)
def test_pages_go_through_the_cache_layer(path: Path) -> None:
    assert not imports_package(path, "duckdb")
    assert not imports_package(path, "data")


def test_only_ui_cache_imports_data() -> None:
    importing = [relative(path) for path in python_files("ui") if imports_package(path, "data")]
    assert importing == ["ui/cache.py"]


def test_dashboard_entry_imports_neither_duckdb_nor_data() -> None:
    entry = ROOT / "dashboard.py"
    assert not imports_package(entry, "duckdb")
    assert not imports_package(entry, "data")


def formatted_sql(path: Path) -> list[tuple[int, str]]:
    """SQL-looking strings built with an f-string, str.format or %: (line, source line)."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source, filename=str(path))):
        text = None
        if isinstance(node, ast.JoinedStr) and any(
            isinstance(part, ast.FormattedValue) for part in node.values
        ):
            text = "".join(
                part.value
                for part in node.values
                if isinstance(part, ast.Constant) and isinstance(part.value, str)
            )
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "format"
            and isinstance(node.func.value, ast.Constant)
            and isinstance(node.func.value.value, str)
        ):
            text = node.func.value.value
        elif (
            isinstance(node, ast.BinOp)
            and isinstance(node.op, ast.Mod | ast.Add)
            and isinstance(node.left, ast.Constant)
            and isinstance(node.left.value, str)
            and not isinstance(node.right, ast.Constant)
        ):
            text = node.left.value
        if text is not None and SQL_PATTERN.search(text):
            span = lines[node.lineno - 1 : node.end_lineno]
            if not any("# noqa: S608" in line for line in span):
                found.append((node.lineno, lines[node.lineno - 1].strip()))
    return found


def test_sql_formatter_detects_each_form(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        'a = f"SELECT * FROM {table}"\n'
        'b = "SELECT * FROM {}".format(table)\n'
        'c = "DELETE FROM %s" % table\n'
        'd = "SELECT * FROM t WHERE x = " + value\n'
        'e = f"SELECT count(*) FROM {table}"  # noqa: S608\n'
        'f = con.execute("SELECT * FROM t WHERE x = ?", [value])\n'
        'g = f"filen har {n} rader"\n',
        encoding="utf-8",
    )
    assert [line for line, _ in formatted_sql(sample)] == [1, 2, 3, 4]


@pytest.mark.parametrize("path", python_files("data"), ids=relative)
def test_data_builds_no_sql_text_from_values(path: Path) -> None:
    assert formatted_sql(path) == []


def test_every_sql_noqa_in_data_is_a_fixed_table_name() -> None:
    # Each exemption formats only a table name from a fixed list, never a value.
    exemptions = [
        (relative(path), number)
        for path in python_files("data")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "noqa: S608" in line
    ]
    assert exemptions, "expected the known table-name exemptions"
    for file, number in exemptions:
        line = (ROOT / file).read_text(encoding="utf-8").splitlines()[number - 1]
        placeholders = re.findall(r"\{([^}]*)\}", line)
        assert placeholders == ["table"], f"{file}:{number}: {line.strip()}"


def test_app_connection_is_read_only_through_db_connect() -> None:
    source = (ROOT / "ui" / "cache.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    connects = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "connect"
    ]
    assert len(connects) == 1, "the app opens exactly one kind of connection"
    (call,) = connects
    assert isinstance(call.func.value, ast.Name) and call.func.value.id == "db"
    for keyword in call.keywords:
        if keyword.arg == "read_only":
            assert isinstance(keyword.value, ast.Constant) and keyword.value.value is True
    assert "duckdb.connect(" not in source
    assert "read_only=False" not in source
    assert "write_copy" not in source


def test_connect_defaults_to_read_only() -> None:
    import inspect

    from data import db

    assert inspect.signature(db.connect).parameters["read_only"].default is True


# The shared UI layer (see ui/__init__.py); every other ui module is one page's parts.
SHARED_UI = {
    "__init__",
    "auth",
    "cache",
    "charts",
    "est_parts",
    "export",
    "format",
    "frame",
    "i18n",
}


@pytest.mark.parametrize("path", python_files("ui"), ids=relative)
def test_ui_modules_are_the_shared_layer_or_one_pages_parts(path: Path) -> None:
    """A newcomer finds a page's code beside its name: `ui/<page>_parts.py` for
    `pages/<page>.py`; the shared chart/frame/format/i18n/cache/export layer apart."""
    name = path.stem
    if name in SHARED_UI or name.startswith("messages_"):
        return
    assert name.endswith("_parts"), f"{relative(path)}: neither shared nor <page>_parts.py"
    assert (ROOT / "pages" / f"{name.removesuffix('_parts')}.py").is_file(), relative(path)


CACHE_DECORATORS = {"cache_data", "cache_resource", "lru_cache", "cache"}


def cached_functions(path: Path) -> list[str]:
    """Names of the functions `path` decorates with a cache (st.cache_data, lru_cache, …)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                name = getattr(target, "attr", getattr(target, "id", None))
                if name in CACHE_DECORATORS:
                    found.append(node.name)
    return found


def test_caches_live_in_the_cache_layer() -> None:
    """Result caches (keyed by the database's version) only in ui/cache.py: a page's parts
    cache what they derive through cache.per_version. analytics/ is left out: it reads no
    database, and a memo of a pure function there is no data cache."""
    holders = {
        relative(path)
        for folder in ("ui", "pages")
        for path in python_files(folder)
        if cached_functions(path) and relative(path) != "ui/cache.py"
    }
    assert holders == set(), holders
    assert cached_functions(ROOT / "ui" / "cache.py")


def test_cache_finder_sees_each_form(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import functools\nimport streamlit as st\n"
        "@st.cache_data(ttl=1)\ndef a(): ...\n"
        "@functools.lru_cache\ndef b(): ...\n"
        "@st.cache_resource\ndef c(): ...\n"
        "def d(): ...\n",
        encoding="utf-8",
    )
    assert cached_functions(sample) == ["a", "b", "c"]


# --- the importers' module contract ----------------------------------------------------------


def restated_keys(path: Path, keys: list[frozenset[str]]) -> list[str]:
    """Module-level names of `path` assigned a list or tuple literal of strings that is a table's
    primary key (with or without source_id): a key restated instead of read from the schema."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        value = getattr(node, "value", None)
        if not isinstance(value, ast.List | ast.Tuple) or not value.elts:
            continue
        if not all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in value.elts):
            continue
        names = frozenset(element.value for element in value.elts)
        if any(names in (key, key - {"source_id"}) for key in keys):
            found += [target.id for target in targets if isinstance(target, ast.Name)]
    return found


def test_key_finder_sees_each_form(tmp_path: Path) -> None:
    keys = [frozenset({"a", "b", "source_id"})]
    source = tmp_path / "module.py"
    source.write_text(
        'KEY = ["a", "b"]\nOTHER: tuple = ("b", "a", "source_id")\nFINE = ["a"]\n'
        'COLUMNS = ["a", "b", "c"]\n',
        encoding="utf-8",
    )
    assert restated_keys(source, keys) == ["KEY", "OTHER"]


def test_each_importer_declares_its_kind_and_tables_and_the_registry_is_derived() -> None:
    from data import db
    from data.importers import IMPORTERS, PRIMARY_KEYS, WRITABLE_TABLES

    keys = db.primary_keys()
    declared = []
    for kind, module in IMPORTERS.items():
        assert module.KIND == kind
        assert isinstance(module.TABLES, tuple) and module.TABLES, module.__name__
        for table in module.TABLES:
            assert table in keys, f"{module.__name__} writes {table}, which has no primary key"
        declared += module.TABLES
    assert set(WRITABLE_TABLES) == set(declared)
    assert len(WRITABLE_TABLES) == len(set(WRITABLE_TABLES))
    assert PRIMARY_KEYS == {table: keys[table] for table in WRITABLE_TABLES}


def test_no_importer_restates_a_table_key() -> None:
    from data import db

    keys = [frozenset(columns) for columns in db.primary_keys().values() if len(columns) > 1]
    restated = {
        path.name: names
        for path in python_files("data/importers")
        if (names := restated_keys(path, keys))
    }
    assert restated == {}, "read keys from data.db.primary_keys(), not restated"
