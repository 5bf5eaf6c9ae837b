"""Roles (DESIGN §6): the scrypt password check (RFC 7914's test vector), the sign-in form,
lock-out, sign-out when the secret changes, OIDC users by e-mail, and the hash command."""

from __future__ import annotations

import json
import re

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


# --- throttling across sessions and restarts, the session cookie (issue 14.7) -----------------


def count_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every password the app compares, recorded (the comparison itself unchanged)."""
    checked: list[str] = []
    original = auth.verify_password

    def recording(password: str, encoded: str, **options: object) -> bool:
        checked.append(password)
        return original(password, encoded, **options)

    monkeypatch.setattr(auth, "verify_password", recording)
    return checked


def test_48_guesses_in_12_sessions_are_throttled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 14.7: 48 guesses in 12 new sessions, then the right password, signed in within
    minutes. Now the counts outlive the session: 5 guesses are compared, then none."""
    checked = count_checks(monkeypatch)
    for session in range(12):
        test = run(password_secrets())
        for guess in range(4):
            sign_in(test, f"gissning {session}-{guess}")
    assert len(checked) == auth.MAX_FAILURES
    last = sign_in(run(password_secrets()))
    assert role_text(last) == "role=public mode=password"
    assert len(checked) == auth.MAX_FAILURES
    assert "För många felaktiga försök. Vänta" in last.warning[0].value
    # A restart: nothing in memory, the counts are read from the state file.
    stored = json.loads(auth.state_path().read_text(encoding="utf-8"))
    assert stored["failures"]["coordinator|unknown"]["count"] == auth.MAX_FAILURES
    assert stored["failures"]["coordinator"]["count"] == auth.MAX_FAILURES


def test_the_wait_doubles_with_every_further_wrong_password(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = [1_000_000.0]
    monkeypatch.setattr(auth.time, "time", lambda: clock[0])
    checked = count_checks(monkeypatch)
    test = run(password_secrets())
    waits = []
    for _ in range(auth.MAX_FAILURES + 3):
        sign_in(test, "fel")
        waits.append(max(0.0, auth.locked_until() - clock[0]))
        clock[0] = max(clock[0], auth.locked_until())  # wait exactly as long as told
    assert len(checked) == auth.MAX_FAILURES + 3
    assert waits == [0, 0, 0, 0, 60, 120, 240, 480]
    # The right password clears this client's count.
    sign_in(test)
    assert role_text(test) == "role=coordinator mode=password"
    assert auth.locked_until() <= clock[0]


def cookie_set_by(test: AppTest) -> str:
    """The session cookie's value in the script the sign-in put on the page."""
    scripts = [element.proto.body for element in test.get("html")]
    values = [
        re.search(r"trygg_session=([^;]*);", script).group(1)
        for script in scripts
        if "trygg_session=" in script
    ]
    assert len(values) == 1, scripts
    return values[0]


def with_cookie(monkeypatch: pytest.MonkeyPatch, value: str) -> AppTest:
    """A new session (a reload or a new tab) whose browser sends the session cookie."""
    monkeypatch.setattr(auth, "_request_cookies", lambda: {auth.SESSION_COOKIE: value})
    return run(password_secrets())


def test_a_reload_keeps_the_sign_in_and_sign_out_ends_it(monkeypatch: pytest.MonkeyPatch) -> None:
    signed_in = sign_in(run(password_secrets()))
    cookie = cookie_set_by(signed_in)
    assert "Max-Age=28800; Path=/; SameSite=Strict" in signed_in.get("html")[0].proto.body
    reloaded = with_cookie(monkeypatch, cookie)
    assert role_text(reloaded) == "role=coordinator mode=password"
    # Signing out deletes the cookie and revokes it: a copy of it no longer signs anyone in.
    reloaded.button(key="auth_logout").click().run()
    assert role_text(reloaded) == "role=public mode=password"
    assert cookie_set_by(reloaded) == ""
    assert role_text(with_cookie(monkeypatch, cookie)) == "role=public mode=password"


def test_tampered_expired_or_foreign_cookies_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    cookie = cookie_set_by(sign_in(run(password_secrets())))
    version, expires, cookie_id, mac = cookie.split(".")
    assert role_text(with_cookie(monkeypatch, cookie)) == "role=coordinator mode=password"
    later = f"{int(expires) + 3600}"
    tampered = [
        f"{version}.{later}.{cookie_id}.{mac}",  # a longer life, same signature
        f"{version}.{expires}.{'0' * 32}.{mac}",  # another id
        f"{version}.{expires}.{cookie_id}.{mac[:-1]}{'0' if mac[-1] != '0' else '1'}",
        f"{version}.{expires}.{cookie_id}",
        "",
        "v1.x.y.z",
    ]
    for value in tampered:
        assert role_text(with_cookie(monkeypatch, value)) == "role=public mode=password", value
    # Expired: the same cookie once its time has passed.
    monkeypatch.setattr(auth.time, "time", lambda: int(expires) + 1)
    assert role_text(with_cookie(monkeypatch, cookie)) == "role=public mode=password"
    monkeypatch.undo()
    # Signed with another server's key (another password hash): refused.
    other = {"roles": {"coordinator_password_scrypt": auth.hash_password("x" * 12, n=2**14)}}
    monkeypatch.setattr(auth, "_request_cookies", lambda: {auth.SESSION_COOKIE: cookie})
    assert role_text(run(other)) == "role=public mode=password"
