"""Roles (DESIGN §6): the scrypt password check (RFC 7914's test vector), the sign-in form,
lock-out, sign-out when the secret changes, OIDC users by e-mail, and the hash command."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.pages.coordinator import TEST_PASSWORD, password_secrets, sign_in
from ui import auth


def role_app() -> None:
    """A page with nothing but the sign-in panel and the session's role."""
    import streamlit as st

    from ui import auth

    auth.login_panel()
    st.markdown(f"role={auth.role()} mode={auth.auth_mode()}")


def run(secrets: dict | None = None, user: dict | None = None) -> AppTest:
    test = AppTest.from_function(role_app, default_timeout=30)
    for name, value in (secrets or {}).items():
        test.secrets[name] = value
    if user is not None:
        test.user = user
    return test.run()


def role_text(test: AppTest) -> str:
    return test.main.markdown[0].value


# --- the hash ----------------------------------------------------------------------------------


def test_rfc_7914_test_vector() -> None:
    # RFC 7914 section 12: scrypt("password", "NaCl", N=1024, r=8, p=16, dkLen=64).
    expected = (
        "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff1"
        "09279d9830dac727afb94a83ee6d8360cbdfa2cc0640"
    )
    line = f"scrypt${b'NaCl'.hex()}$1024$8$16${expected}"
    assert auth.verify_password("password", line, min_n=1024)
    assert not auth.verify_password("Password", line, min_n=1024)
    # The app's own minimum cost refuses so cheap a hash.
    assert not auth.verify_password("password", line)


def test_hash_round_trip_and_format() -> None:
    line = auth.hash_password("ett långt lösenord", n=auth.MIN_SCRYPT_N)
    kind, salt, n, r, p, digest = line.split("$")
    assert (kind, int(n), int(r), int(p)) == ("scrypt", auth.MIN_SCRYPT_N, 8, 1)
    assert len(bytes.fromhex(salt)) == auth.SALT_BYTES
    assert len(bytes.fromhex(digest)) == auth.HASH_BYTES
    assert auth.verify_password("ett långt lösenord", line)
    assert not auth.verify_password("ett långt lösenord ", line)
    # A fresh salt every time: the same password never gives the same line.
    assert line != auth.hash_password("ett långt lösenord", n=auth.MIN_SCRYPT_N)
    with pytest.raises(ValueError):
        auth.hash_password("")


@pytest.mark.parametrize(
    "line",
    [
        "",
        "plain text password",
        "bcrypt$00$16384$8$1$00",
        "scrypt$zz$16384$8$1$00",
        "scrypt$00$16383$8$1$00",
        "scrypt$00$16384$8$1$",
        "scrypt$00$16384$8$1",
    ],
)
def test_malformed_or_weak_lines_never_match(line: str) -> None:
    assert not auth.verify_password("anything", line)


def test_hash_command(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    answers = iter(["kort", "kort"])
    monkeypatch.setattr(auth.getpass, "getpass", lambda prompt: next(answers))
    assert auth.main() == 1
    assert "minst 12 tecken" in capsys.readouterr().err
    answers = iter(["ett långt lösenord", "ett annat lösenord"])
    assert auth.main() == 1
    answers = iter(["ett långt lösenord", "ett långt lösenord"])
    assert auth.main() == 0
    section, line = capsys.readouterr().out.splitlines()
    assert section == "[roles]"
    key, _, value = line.partition(" = ")
    assert key == "coordinator_password_scrypt"
    assert auth.verify_password("ett långt lösenord", value.strip('"'))
    assert "ett långt lösenord" not in line


# --- the roles in a running app ----------------------------------------------------------------


def test_without_configuration_everyone_is_public() -> None:
    test = run()
    assert role_text(test) == "role=public mode=none"
    assert "inte konfigurerad" in test.sidebar.caption[0].value
    assert not test.text_input


def test_password_sign_in_and_out() -> None:
    test = run(password_secrets())
    assert role_text(test) == "role=public mode=password"
    sign_in(test, "fel")
    assert role_text(test) == "role=public mode=password"
    assert test.error[0].value == "Fel lösenord."
    sign_in(test)
    assert role_text(test) == "role=coordinator mode=password"
    # The password is not kept in the session once checked.
    assert test.session_state[auth.PASSWORD_WIDGET] == ""
    test.button(key="auth_logout").click().run()
    assert role_text(test) == "role=public mode=password"


def test_a_changed_secret_signs_everybody_out() -> None:
    test = sign_in(run(password_secrets()))
    assert role_text(test) == "role=coordinator mode=password"
    test.secrets["roles"] = {
        "coordinator_password_scrypt": auth.hash_password(TEST_PASSWORD, n=auth.MIN_SCRYPT_N)
    }
    test.run()
    assert role_text(test) == "role=public mode=password"


def test_too_many_wrong_passwords_lock_the_form() -> None:
    test = run(password_secrets())
    for _ in range(auth.MAX_FAILURES):
        sign_in(test, "fel")
    assert "För många felaktiga försök" in test.warning[0].value
    sign_in(test)
    assert role_text(test) == "role=public mode=password"


def test_oidc_coordinators_are_listed_by_email() -> None:
    secrets = {
        "auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x"},
        "roles": {"coordinator_emails": ["Samordnare@Vaxholm.example"]},
    }
    listed = run(secrets, {"is_logged_in": True, "email": "samordnare@vaxholm.example"})
    assert role_text(listed) == "role=coordinator mode=oidc"
    other = run(secrets, {"is_logged_in": True, "email": "granne@example.org"})
    assert role_text(other) == "role=public mode=oidc"
    logged_out = run(secrets, {"is_logged_in": False})
    assert role_text(logged_out) == "role=public mode=oidc"
    assert logged_out.button(key="auth_oidc_login")
    # A password in the secrets does not open a door when OIDC is configured.
    both = run({**secrets, "roles": {**secrets["roles"], **password_secrets()["roles"]}})
    assert role_text(both) == "role=public mode=oidc"
    assert not both.text_input
