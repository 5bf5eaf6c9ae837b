"""Helpers for the role tests of the EST pages: test-only secrets (a password hashed here, never
a real one), signing in through the sidebar form by key, and reading a download's bytes."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import ClassVar

import pytest
from streamlit.runtime.media_file_storage import MediaFileStorageError
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import app_test as app_test_module

from tests.pages.conftest import ROOT, TIMEOUT_SECONDS
from ui.auth import MIN_SCRYPT_N, hash_password

# A password that exists only in these tests.
TEST_PASSWORD = "test-only: korrekt häst batteri häftstift"
COORDINATOR_EMAIL = "samordnare@vaxholm.example"


@functools.cache
def password_secrets() -> dict:
    """[roles] with the scrypt hash of TEST_PASSWORD (the cheapest cost the app accepts)."""
    return {"roles": {"coordinator_password_scrypt": hash_password(TEST_PASSWORD, n=MIN_SCRYPT_N)}}


def oidc_secrets() -> dict:
    """An [auth] section as for st.login, and the coordinators' e-mail addresses."""
    return {
        "auth": {
            "redirect_uri": "http://localhost:8501/oauth2callback",
            "cookie_secret": "test-only-cookie-secret",
            "client_id": "test-client",
            "client_secret": "test-only-secret",
            "server_metadata_url": "https://login.example/.well-known/openid-configuration",
        },
        "roles": {"coordinator_emails": [COORDINATOR_EMAIL]},
    }


def page(
    script: str,
    *,
    secrets: dict | None = None,
    user: dict | None = None,
    lang: str | None = None,
    **query: str,
) -> AppTest:
    """An AppTest of `script` with secrets, an st.user and URL parameters, already run."""
    test = AppTest.from_file(str(ROOT / script), default_timeout=TIMEOUT_SECONDS)
    for name, value in (secrets or {}).items():
        test.secrets[name] = value
    if user is not None:
        test.user = user
    if lang:
        test.session_state["lang"] = lang
    for name, value in query.items():
        test.query_params[name] = value
    return test.run()


def sign_in(test: AppTest, password: str = TEST_PASSWORD) -> AppTest:
    """Type the password into the sidebar form and submit it, by key."""
    test.text_input(key="auth_password").input(password)
    return test.button(key="auth_submit").click().run()


class RecordingStorage(MemoryMediaFileStorage):
    """The media storage AppTest creates for each run, remembered so downloads can be read."""

    instances: ClassVar[list[MemoryMediaFileStorage]] = []

    def __init__(self, media_endpoint: str) -> None:
        super().__init__(media_endpoint)
        RecordingStorage.instances.append(self)


def record_downloads(monkeypatch: pytest.MonkeyPatch):
    """Keep AppTest's media files; returns read(test, key) -> the download button's bytes."""
    RecordingStorage.instances = []
    monkeypatch.setattr(app_test_module, "MemoryMediaFileStorage", RecordingStorage)

    def read(test: AppTest, key: str) -> bytes:
        buttons = test.get("download_button")
        (button,) = [b for b in buttons if b.proto.id.endswith(f"-{key}")]
        name = Path(button.proto.url).name
        for storage in reversed(RecordingStorage.instances):
            try:
                return storage.get_file(name).content
            except MediaFileStorageError:
                continue
        raise AssertionError(f"no download {key}")

    return read
