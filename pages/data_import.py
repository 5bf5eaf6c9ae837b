"""Import (coordinators only): upload an EST export or a list of insatser, see the validation
(rows, redacted personal data, the first rows as stored, or the error with line and column),
then import it all or nothing. The same importers as `python -m data import`."""

import tempfile
from pathlib import Path

import streamlit as st

from ui import auth, cache, data_import_parts, format
from ui.i18n import t, tn

st.title(t("est_page_import"))
st.caption(t("est_import_intro"))
auth.login_panel()

# 1. The role: nothing below is shown to the public.
if not auth.coordinator_gate(t("est_import_what")):
    st.stop()

# 2. The file
kind = st.radio(
    t("est_import_kind"),
    cache.UPLOAD_KINDS,
    key="import_kind",
    format_func={kind: t(f"est_import_kind_{kind}") for kind in cache.UPLOAD_KINDS}.get,
    horizontal=True,
)
st.caption(t(f"est_import_contract_{kind}"))
# Streamlit draws the drop zone's own words ("Drag and drop file here", "Limit 200MB per
# file", "Browse files") in English whatever the language: the label and help say it here.
upload = st.file_uploader(
    t("est_import_file"),
    type=["csv", "txt", "xlsx", "xls"],
    key="import_file",
    help=t("import_file_help"),
)
if upload is None:
    st.stop()

# 3. Validation, on a temporary copy that keeps the file's name (it goes in the import log).
with tempfile.TemporaryDirectory(prefix="trygg-upload-") as folder:
    path = Path(folder) / Path(upload.name).name
    path.write_bytes(upload.getvalue())
    check = cache.check_upload(kind, str(path))
    if not check["ok"]:
        st.error(t("est_import_invalid", error=check["error"]), icon=":material/error:")
        st.stop()
    st.success(t("est_import_valid", rows=check["rows"]), icon=":material/check_circle:")
    for note in check["notes"]:
        st.warning(note, icon=":material/privacy_tip:")
    if check["already_imported"]:
        st.info(t("est_import_already"))
    st.dataframe(
        data_import_parts.preview_table(check["preview"]), hide_index=True, key="import_preview"
    )

    # 4. Import
    if st.button(t("est_import_button"), key="import_run", type="primary"):
        outcome = cache.import_upload(kind, str(path))
        if outcome["ok"] and outcome["already_imported"]:
            st.info(t("import_already_done", file=outcome["file_name"], id=outcome["import_id"]))
        elif outcome["ok"]:
            # In the UI's words: the file, the rows (plural rules) and the import's number; the
            # reader's own description ("est-csv (utf-8, ';')") stays in the import log.
            st.success(
                tn(
                    "import_restored" if outcome["restored"] else "import_done",
                    outcome["rows"],
                    file=outcome["file_name"],
                    rows=format.number(outcome["rows"], 0),
                    id=outcome["import_id"],
                ),
                icon=":material/database:",
            )
            # What the file replaced: a corrected export replaces rows stored by earlier imports.
            for earlier_id, earlier_file, count in outcome["replaced"]:
                st.info(
                    tn(
                        "import_replaced",
                        count,
                        rows=format.number(count, 0),
                        id=earlier_id,
                        file=earlier_file,
                    ),
                    icon=":material/swap_horiz:",
                )
            for note in outcome["notes"]:
                st.caption(note)
        else:
            st.error(outcome["message"], icon=":material/error:")
