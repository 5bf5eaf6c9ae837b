"""Trygg i Vaxholm: the entry point. Page config, language, navigation over pages/.

Run with `streamlit run dashboard.py`. No queries and no charts here: every page fetches its
own data through ui.cache, so each also runs on its own (and in AppTest).
"""

import streamlit as st

from ui.i18n import LANGUAGE_KEY, LANGUAGE_NAMES, LANGUAGES, language, t

st.set_page_config(page_title="Trygg i Vaxholm", page_icon=":material/shield:", layout="wide")

if LANGUAGE_KEY not in st.session_state:
    st.session_state[LANGUAGE_KEY] = language()
with st.sidebar:
    # Label and option names are the same in both languages, so switching keeps the widget.
    st.selectbox("Språk / Language", LANGUAGES, key=LANGUAGE_KEY, format_func=LANGUAGE_NAMES.get)
st.query_params[LANGUAGE_KEY] = st.session_state[LANGUAGE_KEY]

navigation = st.navigation(
    # File names differ from the URL paths on purpose: Streamlit would otherwise serve a direct
    # link such as /brottsutveckling from pages/ as a bare script, without this entry's frame.
    [
        st.Page(
            "pages/overview.py",
            title=t("page_overview"),
            icon=":material/home:",
            url_path="oversikt",
            default=True,
        ),
        st.Page(
            "pages/crime_trends.py",
            title=t("page_crime"),
            icon=":material/monitoring:",
            url_path="brottsutveckling",
        ),
        st.Page(
            "pages/safety.py",
            title=t("safety_page_title"),
            icon=":material/verified_user:",
            url_path="trygghet",
        ),
        st.Page(
            "pages/youth.py",
            title=t("youth_page_title"),
            icon=":material/school:",
            url_path="unga",
        ),
        st.Page(
            "pages/situation.py",
            title=t("est_page_situation"),
            icon=":material/crisis_alert:",
            url_path="lagesbild",
        ),
        st.Page(
            "pages/actions.py",
            title=t("est_page_actions"),
            icon=":material/handshake:",
            url_path="insatser",
        ),
        st.Page(
            "pages/data_import.py",
            title=t("est_page_import"),
            icon=":material/upload_file:",
            url_path="import",
        ),
        st.Page(
            "pages/data_sources.py",
            title=t("page_sources"),
            icon=":material/database:",
            url_path="data-och-kallor",
        ),
    ]
)
st.sidebar.caption(t("app_tagline"))
navigation.run()
