"""Roles (DESIGN §6): public visitors see aggregated, suppressed statistics; coordinators also
see EST incident detail and may import files. The only module that reads roles from secrets.

Configured in Streamlit secrets (`.streamlit/secrets.toml`, never committed):

- OIDC, when an `[auth]` section exists (Streamlit's `st.login`, needs Authlib): a signed-in
  user is a coordinator if their e-mail is listed in `[roles] coordinator_emails`.
- Otherwise a local password: `[roles] coordinator_password_scrypt` holds an scrypt hash
  `scrypt$<salt hex>$<n>$<r>$<p>$<hash hex>`, made with

      .venv/bin/python -m ui.auth

  which asks for the password twice and prints the line to paste. The password itself is
  never stored, in code or in secrets.
- Neither configured: nobody is a coordinator; the pages say how to set it up.

The session remembers a password login as a fingerprint of the hash it was checked against,
so changing the secret signs everybody out.
"""

from __future__ import annotations

import getpass
import hashlib
import hmac
import secrets
import sys
import time
from collections.abc import Mapping

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from ui.i18n import t

ROLE_PUBLIC = "public"
ROLE_COORDINATOR = "coordinator"
AUTH_OIDC = "oidc"
AUTH_PASSWORD = "password"
AUTH_NONE = "none"
# Secrets section and keys.
ROLES_SECTION = "roles"
PASSWORD_KEY = "coordinator_password_scrypt"
EMAILS_KEY = "coordinator_emails"
# scrypt cost for new hashes (n = 2^15, r = 8, p = 1: about 32 MB and 0.1 s per check), and
# the least accepted when checking, so a weak hash in the secrets is refused.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
MIN_SCRYPT_N = 2**14
SALT_BYTES = 16
HASH_BYTES = 32
# Session-state keys (private to this module) and widget keys of the login form.
_SESSION_KEY = "_auth_coordinator_fingerprint"
_FAILURES_KEY = "_auth_failures"
_LOCKED_UNTIL_KEY = "_auth_locked_until"
PASSWORD_WIDGET = "auth_password"
SUBMIT_WIDGET = "auth_submit"
LOGOUT_WIDGET = "auth_logout"
OIDC_LOGIN_WIDGET = "auth_oidc_login"
# After this many wrong passwords in a session, wait this long before the next try.
MAX_FAILURES = 5
LOCK_SECONDS = 60


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    """hashlib.scrypt of the UTF-8 password, with room for the costs this module accepts."""
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 * 1024 * 1024, dklen=length
    )


def hash_password(
    password: str,
    *,
    n: int = SCRYPT_N,
    r: int = SCRYPT_R,
    p: int = SCRYPT_P,
    salt: bytes | None = None,
) -> str:
    """The scrypt hash line for the secrets: scrypt$<salt hex>$<n>$<r>$<p>$<hash hex>."""
    if not password:
        raise ValueError("the password is empty")
    salt = secrets.token_bytes(SALT_BYTES) if salt is None else salt
    digest = _scrypt(password, salt, n, r, p, HASH_BYTES)
    return f"scrypt${salt.hex()}${n}${r}${p}${digest.hex()}"


def verify_password(password: str, encoded: str, *, min_n: int = MIN_SCRYPT_N) -> bool:
    """Whether `password` matches the scrypt hash line (constant-time comparison).

    A malformed line, or one whose cost is below `min_n`, never matches.
    """
    parts = encoded.strip().split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        return False
    try:
        salt, expected = bytes.fromhex(parts[1]), bytes.fromhex(parts[5])
        n, r, p = int(parts[2]), int(parts[3]), int(parts[4])
    except ValueError:
        return False
    if n < min_n or n & (n - 1) or not 1 <= r <= 64 or not 1 <= p <= 16 or not expected:
        return False
    try:
        digest = _scrypt(password, salt, n, r, p, len(expected))
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(digest, expected)


def _section(name: str) -> Mapping | None:
    """A secrets section, or None when it (or the whole secrets file) is missing."""
    try:
        if name not in st.secrets:
            return None
        section = st.secrets[name]
    except (StreamlitSecretNotFoundError, FileNotFoundError):
        return None
    return section if isinstance(section, Mapping) else None


def auth_mode() -> str:
    """'oidc' when [auth] is configured, 'password' when a hash is, else 'none'."""
    if _section("auth") is not None:
        return AUTH_OIDC
    roles = _section(ROLES_SECTION)
    if roles is not None and isinstance(roles.get(PASSWORD_KEY), str):
        return AUTH_PASSWORD
    return AUTH_NONE


def _configured_hash() -> str:
    roles = _section(ROLES_SECTION) or {}
    return str(roles.get(PASSWORD_KEY, ""))


def _fingerprint(encoded: str) -> str:
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def _coordinator_emails() -> set[str]:
    roles = _section(ROLES_SECTION) or {}
    emails = roles.get(EMAILS_KEY, [])
    if isinstance(emails, str):
        emails = [emails]
    return {str(email).strip().casefold() for email in emails if str(email).strip()}


def _oidc_email() -> str | None:
    user = st.user
    if not user.get("is_logged_in"):
        return None
    email = user.get("email")
    return str(email).strip().casefold() if email else None


def role() -> str:
    """The session's role: 'coordinator' or 'public'."""
    mode = auth_mode()
    if mode == AUTH_OIDC:
        email = _oidc_email()
        return ROLE_COORDINATOR if email and email in _coordinator_emails() else ROLE_PUBLIC
    if mode == AUTH_PASSWORD:
        remembered = st.session_state.get(_SESSION_KEY)
        current = _fingerprint(_configured_hash())
        if isinstance(remembered, str) and hmac.compare_digest(remembered, current):
            return ROLE_COORDINATOR
    return ROLE_PUBLIC


def is_coordinator() -> bool:
    return role() == ROLE_COORDINATOR


def _check_password() -> None:
    """The login form's callback: compare the typed password and forget it."""
    password = st.session_state.get(PASSWORD_WIDGET) or ""
    st.session_state[PASSWORD_WIDGET] = ""
    if time.time() < st.session_state.get(_LOCKED_UNTIL_KEY, 0.0) or not password:
        return
    encoded = _configured_hash()
    if verify_password(password, encoded):
        st.session_state[_SESSION_KEY] = _fingerprint(encoded)
        st.session_state[_FAILURES_KEY] = 0
        return
    failures = st.session_state.get(_FAILURES_KEY, 0) + 1
    st.session_state[_FAILURES_KEY] = failures
    if failures >= MAX_FAILURES:
        st.session_state[_LOCKED_UNTIL_KEY] = time.time() + LOCK_SECONDS
        st.session_state[_FAILURES_KEY] = 0


def _logout() -> None:
    st.session_state.pop(_SESSION_KEY, None)


def login_panel() -> None:
    """The sidebar's sign-in for coordinators (or who is signed in, and sign-out)."""
    mode = auth_mode()
    with st.sidebar:
        st.markdown(f"**{t('est_auth_heading')}**")
        if mode == AUTH_NONE:
            st.caption(t("est_auth_not_configured"))
            return
        if mode == AUTH_OIDC:
            email = _oidc_email()
            if email is None:
                if st.button(t("est_auth_oidc_login"), key=OIDC_LOGIN_WIDGET):
                    st.login()
                return
            if is_coordinator():
                st.caption(t("est_auth_signed_in_as", who=email))
            else:
                st.caption(t("est_auth_not_a_coordinator", who=email))
            if st.button(t("est_auth_logout"), key=LOGOUT_WIDGET):
                st.logout()
            return
        if is_coordinator():
            st.caption(t("est_auth_signed_in"))
            st.button(t("est_auth_logout"), key=LOGOUT_WIDGET, on_click=_logout)
            return
        locked = time.time() < st.session_state.get(_LOCKED_UNTIL_KEY, 0.0)
        with st.form("auth_form", clear_on_submit=False, border=False):
            st.text_input(t("est_auth_password"), type="password", key=PASSWORD_WIDGET)
            st.form_submit_button(t("est_auth_login"), key=SUBMIT_WIDGET, on_click=_check_password)
        if locked:
            st.warning(t("est_auth_locked", seconds=LOCK_SECONDS), icon=":material/lock:")
        elif st.session_state.get(_FAILURES_KEY):
            st.error(t("est_auth_wrong_password"), icon=":material/lock:")


def coordinator_gate(what: str) -> bool:
    """True for a coordinator; otherwise an explanation that `what` needs the role."""
    if is_coordinator():
        return True
    key = "est_auth_required_not_configured" if auth_mode() == AUTH_NONE else "est_auth_required"
    st.info(t(key, what=what), icon=":material/lock:")
    return False


def main() -> int:
    """`python -m ui.auth`: ask for a password twice and print the secrets line."""
    first = getpass.getpass("Lösenord för samordnare: ")
    second = getpass.getpass("Samma lösenord igen: ")
    if first != second:
        print("fel: lösenorden skiljer sig", file=sys.stderr)
        return 1
    if len(first) < 12:
        print("fel: välj minst 12 tecken", file=sys.stderr)
        return 1
    print(f'[{ROLES_SECTION}]\n{PASSWORD_KEY} = "{hash_password(first)}"')
    return 0


if __name__ == "__main__":
    sys.exit(main())
