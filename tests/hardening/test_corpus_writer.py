"""The corpus writer for the formats people hold reproduces the committed corpus byte for byte:
running `python -m tests.hardening.write_corpus_formats` leaves `git status` clean (fixed times
in the workbooks' and SPSS files' metadata, expected.csv sorted by file name)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.hardening import write_corpus_formats
from tests.hardening.write_corpus import CORPUS


def test_the_formats_writer_reproduces_the_committed_corpus(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / "expected.csv", corpus / "expected.csv")
    write_corpus_formats.main(corpus)
    written = sorted(path.name for path in corpus.glob("formats_*"))
    assert written == sorted(path.name for path in CORPUS.glob("formats_*"))
    assert len(written) == len(write_corpus_formats.CASES)
    for name in [*written, "expected.csv"]:
        assert (corpus / name).read_bytes() == (CORPUS / name).read_bytes(), name
