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

Password sign-in, against guessing and for staying signed in (issue 14.7):
- Wrong passwords are counted per client (IP address) and per account, across sessions and
  restarts, in a small state file beside the database (`trygg.auth.json`, or $TRYGG_AUTH_STATE),
  written atomically under a lock. After MAX_FAILURES wrong passwords from a client (and
  ACCOUNT_MAX_FAILURES from all clients together) each further try waits LOCK_SECONDS, doubled
  with every further failure up to MAX_LOCK_SECONDS; a right password clears the client's count.
- A sign-in sets a signed, expiring cookie (SESSION_COOKIE: expiry, a random id, and an
  HMAC-SHA256 over both keyed with `[roles] session_secret`, or else with the password hash
  line, so a new password also ends every cookie). A reload or a new tab reads it from
  st.context.cookies and stays signed in until it expires; signing out deletes the cookie and
  revokes its id in the state file, so a copy of it no longer works either. The cookie is set by
  a script (st.html), so it cannot be HttpOnly; it is SameSite=Strict, and Secure over https.
"""

from __future__ import annotations

import contextlib
import fcntl
import getpass
import hashlib
import hmac
import json
import math
import os
import secrets
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

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
PASSWORD_WIDGET = "auth_password"
SUBMIT_WIDGET = "auth_submit"
LOGOUT_WIDGET = "auth_logout"
OIDC_LOGIN_WIDGET = "auth_oidc_login"
# After this many wrong passwords from a client (from all clients: ACCOUNT_MAX_FAILURES), wait
# LOCK_SECONDS before the next try, doubled with every further wrong password (at most
# MAX_LOCK_SECONDS). Counts are forgotten FORGET_SECONDS after the last wrong password.
MAX_FAILURES = 5
ACCOUNT_MAX_FAILURES = 20
LOCK_SECONDS = 60
MAX_LOCK_SECONDS = 24 * 3600
FORGET_SECONDS = 24 * 3600
# The password account (there is one coordinator password) and the state file's variable.
PASSWORD_ACCOUNT = "coordinator"
STATE_ENV = "TRYGG_AUTH_STATE"
# The session cookie: its name, how long it lasts, and the optional secret that signs it.
SESSION_COOKIE = "trygg_session"
SESSION_SECONDS = 8 * 3600
SESSION_SECRET_KEY = "session_secret"
_COOKIE_ID_KEY = "_auth_cookie_id"
_SET_COOKIE_KEY = "_auth_set_cookie"


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
        # A reload or a new tab: a new session, signed in by a valid cookie.
        cookie_id = cookie_session_id(_request_cookies().get(SESSION_COOKIE, ""))
        if cookie_id is not None:
            st.session_state[_SESSION_KEY] = current
            st.session_state[_COOKIE_ID_KEY] = cookie_id
            return ROLE_COORDINATOR
    return ROLE_PUBLIC


# --- the session cookie ---------------------------------------------------------------------


def _request_cookies() -> Mapping[str, str]:
    """The cookies of the browser's request (empty outside a browser session)."""
    try:
        return st.context.cookies
    except Exception:  # noqa: BLE001 - no request (a test harness, a bare script run)
        return {}


def _context_text(name: str) -> str:
    """A text attribute of st.context (ip_address, url), or "" when there is none."""
    try:
        value = getattr(st.context, name, "")
    except Exception:  # noqa: BLE001 - no request (a test harness, a bare script run)
        return ""
    return value if isinstance(value, str) else ""


def _cookie_key() -> bytes:
    roles = _section(ROLES_SECTION) or {}
    secret = roles.get(SESSION_SECRET_KEY) or _configured_hash()
    return hashlib.sha256(b"trygg-session-cookie\0" + str(secret).encode("utf-8")).digest()


def _cookie_mac(payload: str) -> str:
    return hmac.new(_cookie_key(), payload.encode("ascii"), hashlib.sha256).hexdigest()


def make_session_cookie(now: float | None = None) -> str:
    """A new cookie value: v1.<expiry>.<random id>.<HMAC-SHA256 of the first three>."""
    expires = int((time.time() if now is None else now) + SESSION_SECONDS)
    payload = f"v1.{expires}.{secrets.token_hex(16)}"
    return f"{payload}.{_cookie_mac(payload)}"


def cookie_session_id(value: str, now: float | None = None) -> str | None:
    """The id of a valid cookie (signed with this server's key, not expired, not revoked,
    not valid for longer than SESSION_SECONDS), else None."""
    parts = value.split(".") if isinstance(value, str) else []
    if len(parts) != 4 or parts[0] != "v1" or not parts[1].isdigit():
        return None
    payload = ".".join(parts[:3])
    if not hmac.compare_digest(_cookie_mac(payload), parts[3]):
        return None
    now = time.time() if now is None else now
    if not now < int(parts[1]) <= now + SESSION_SECONDS:
        return None
    if parts[2] in _load_state().get("revoked", {}):
        return None
    return parts[2]


def _cookie_script(value: str, max_age: int) -> str:
    """The script that sets (or, with max_age 0, deletes) the session cookie."""
    secure = "; Secure" if _context_text("url").startswith("https:") else ""
    cookie = f"{SESSION_COOKIE}={value}; Max-Age={max_age}; Path=/; SameSite=Strict{secure}"
    return f"<script>document.cookie = {json.dumps(cookie)};</script>"


# --- wrong passwords, counted across sessions and restarts ------------------------------------


def state_path() -> Path:
    """The throttle's state file: $TRYGG_AUTH_STATE, else trygg.auth.json beside the database."""
    if os.environ.get(STATE_ENV):
        return Path(os.environ[STATE_ENV])
    from ui import cache  # the one module of ui/ that knows where the database is

    return cache.database_file().with_name("trygg.auth.json")


def _load_state() -> dict:
    try:
        state = json.loads(state_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


@contextlib.contextmanager
def _state_for_update() -> Iterator[dict]:
    """The state, changed by the caller and written back atomically under an exclusive lock
    (several sessions and processes share it)."""
    path = state_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        state = _load_state()
        yield state
        now = time.time()
        state["failures"] = {
            key: entry
            for key, entry in state.get("failures", {}).items()
            if now - entry.get("last", 0) < FORGET_SECONDS
        }
        state["revoked"] = {
            cookie_id: expires
            for cookie_id, expires in state.get("revoked", {}).items()
            if expires > now
        }
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".auth-")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(state, out)
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)


def _throttle_keys() -> dict[str, int]:
    """The counters a wrong password adds to, each with its free tries."""
    address = _context_text("ip_address")
    client = address or "unknown"
    return {
        f"{PASSWORD_ACCOUNT}|{client}": MAX_FAILURES,
        PASSWORD_ACCOUNT: ACCOUNT_MAX_FAILURES,
    }


def _wait_for(entry: dict, free: int) -> float:
    """When the next try may be made (epoch seconds) after `entry`'s wrong passwords."""
    failures = entry.get("count", 0)
    if failures < free:
        return 0.0
    wait = min(LOCK_SECONDS * 2 ** (failures - free), MAX_LOCK_SECONDS)
    return entry.get("last", 0.0) + wait


def locked_until() -> float:
    """The time (epoch seconds) before which no password is checked for this client."""
    failures = _load_state().get("failures", {})
    return max(
        (_wait_for(failures.get(key, {}), free) for key, free in _throttle_keys().items()),
        default=0.0,
    )


def is_coordinator() -> bool:
    return role() == ROLE_COORDINATOR


def _check_password() -> None:
    """The login form's callback: compare the typed password and forget it. Nothing is
    compared while the client or the account waits (locked_until)."""
    password = st.session_state.get(PASSWORD_WIDGET) or ""
    st.session_state[PASSWORD_WIDGET] = ""
    if not password or time.time() < locked_until():
        return
    encoded = _configured_hash()
    keys = _throttle_keys()
    if verify_password(password, encoded):
        st.session_state[_SESSION_KEY] = _fingerprint(encoded)
        st.session_state[_FAILURES_KEY] = 0
        cookie = make_session_cookie()
        st.session_state[_COOKIE_ID_KEY] = cookie.split(".")[2]
        st.session_state[_SET_COOKIE_KEY] = _cookie_script(cookie, SESSION_SECONDS)
        with _state_for_update() as state:
            state.setdefault("failures", {}).pop(next(iter(keys)), None)
        return
    with _state_for_update() as state:
        failures = state.setdefault("failures", {})
        for key in keys:
            entry = failures.setdefault(key, {"count": 0})
            entry["count"] = entry.get("count", 0) + 1
            entry["last"] = time.time()
    st.session_state[_FAILURES_KEY] = st.session_state.get(_FAILURES_KEY, 0) + 1


def _logout() -> None:
    """Sign out: forget the session, revoke its cookie's id, and delete the cookie."""
    st.session_state.pop(_SESSION_KEY, None)
    cookie_id = st.session_state.pop(_COOKIE_ID_KEY, None)
    if cookie_id:
        with _state_for_update() as state:
            state.setdefault("revoked", {})[cookie_id] = time.time() + SESSION_SECONDS
    st.session_state[_SET_COOKIE_KEY] = _cookie_script("", 0)


def login_panel() -> None:
    """The sidebar's sign-in for coordinators (or who is signed in, and sign-out)."""
    mode = auth_mode()
    script = st.session_state.pop(_SET_COOKIE_KEY, None)
    if script:
        # Sets or deletes the session cookie in the browser (runs once, after the callback).
        st.html(script, unsafe_allow_javascript=True)
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
        wait = locked_until() - time.time()
        with st.form("auth_form", clear_on_submit=False, border=False):
            st.text_input(t("est_auth_password"), type="password", key=PASSWORD_WIDGET)
            st.form_submit_button(t("est_auth_login"), key=SUBMIT_WIDGET, on_click=_check_password)
        if wait > 0:
            st.warning(t("est_auth_locked", seconds=math.ceil(wait)), icon=":material/lock:")
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
