"""Messages of the EST pages (Lägesbild, Insatser och medborgarlöften, Import) and of the
coordinator sign-in, in Swedish and English. Merged into ui.i18n.MESSAGES."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # --- pages ------------------------------------------------------------------------------
    "est_page_situation": {"sv": "Lägesbild (EST)", "en": "Situation picture (EST)"},
    "est_page_actions": {
        "sv": "Insatser och medborgarlöften",
        "en": "Actions and citizen promises",
    },
    "est_page_import": {"sv": "Importera filer", "en": "Import files"},
    "est_situation_intro": {
        "sv": "Den gemensamma lokala lägesbilden enligt EST (Effektiv samordning för trygghet): "
        "vad som rapporterades i veckan jämfört med det förväntade, var och när.",
        "en": "The joint local situation picture (EST, Effective coordination for safety): what "
        "was reported in the week compared with what was expected, where and when.",
    },
    "est_actions_intro": {
        "sv": "Insatserna som genomförs inom medborgarlöftena 2023–2026 och om rapporterna i "
        "de berörda områdena minskade efteråt.",
        "en": "The actions taken under the citizen promises 2023–2026, and whether reports in "
        "the areas concerned fell afterwards.",
    },
    "est_import_intro": {
        "sv": "Ladda upp en EST-export eller en lista över insatser. Filen kontrolleras först; "
        "importen sker sedan i ett enda steg – allt eller inget.",
        "en": "Upload an EST export or a list of actions. The file is checked first; the import "
        "then happens in one step – all or nothing.",
    },
    "est_no_reports": {
        "sv": "Inga EST-rapporter är importerade ännu.",
        "en": "No EST reports have been imported yet.",
    },
    "est_no_actions": {
        "sv": "Inga insatser är importerade ännu.",
        "en": "No actions have been imported yet.",
    },
    "est_example_what": {"sv": "EST-rapporterna", "en": "the EST reports"},
    "est_actions_example_what": {
        "sv": "insatserna och EST-rapporterna",
        "en": "the actions and the EST reports",
    },
    # --- filters ----------------------------------------------------------------------------
    "est_filter_area": {"sv": "Område", "en": "Area"},
    "est_filter_category": {"sv": "Kategori", "en": "Category"},
    "est_filter_organisation": {"sv": "Rapporterande organisation", "en": "Reporting organisation"},
    "est_filter_week": {"sv": "Vecka", "en": "Week"},
    "est_filter_period": {
        "sv": "Period för trend, platser och tider",
        "en": "Period for trend, places and times",
    },
    "est_filter_promise": {"sv": "Medborgarlöfte", "en": "Citizen promise"},
    "est_filter_status": {"sv": "Status", "en": "Status"},
    "est_filter_action": {"sv": "Insats", "en": "Action"},
    "est_all_area": {"sv": "Alla områden", "en": "All areas"},
    "est_all_category": {"sv": "Alla kategorier", "en": "All categories"},
    "est_all_organisation": {"sv": "Alla organisationer", "en": "All organisations"},
    "est_all_promise": {"sv": "Alla medborgarlöften", "en": "All citizen promises"},
    "est_all_status": {"sv": "Alla", "en": "All"},
    "est_week_short": {"sv": "v. {week}", "en": "wk {week}"},
    "est_week_short_year": {"sv": "v. {week} {year}", "en": "wk {week} {year}"},
    "est_hidden_note": {
        "sv": "<5: 1–4 rapporter, dolt. ..: dolt så att ett litet antal inte kan räknas fram "
        "ur en summa eller ur en annan filtrering. Ingen punkt eller stapel visas där.",
        "en": "<5: 1–4 reports, hidden. ..: hidden so that a small count cannot be worked out "
        "from a total or from another filter. No point or bar is drawn there.",
    },
    "est_heatmap_hidden_note": {
        "sv": "Grå ruta: dolt – 1–4 rapporter (<5), eller dolt så att ett litet antal inte kan "
        "räknas fram ur summor (..). Alla områden och kategorier räknas.",
        "en": "Grey cell: hidden – 1–4 reports (<5), or hidden so that a small count cannot be "
        "worked out from sums (..). All areas and categories are counted.",
    },
    "est_public_block_note": {
        "sv": "Visas för ett fast kvartal, {first} – {last} ({weeks} veckor), vilken vecka och "
        "period som än är vald: perioder som räknas bakåt från veckan skulle överlappa, och "
        "skillnaden mellan två av dem kunde avslöja ett litet antal. Bara platser med minst "
        "5 rapporter listas.",
        "en": "Shown for a fixed quarter, {first} – {last} ({weeks} weeks), whatever week and "
        "period are chosen: periods counted back from the week would overlap, and the "
        "difference of two of them could give a small count away. Only places with at least "
        "5 reports are listed.",
    },
    "est_column_change_lower_percent": {
        "sv": "Förändring, nedre gräns (95 %), %",
        "en": "Change, lower limit (95 %), %",
    },
    "est_column_change_upper_percent": {
        "sv": "Förändring, övre gräns (95 %), %",
        "en": "Change, upper limit (95 %), %",
    },
    "est_followup_hidden": {
        "sv": "{after} rapporter under {weeks_after} veckor efter start mot {before} under "
        "{weeks_before} veckor före. Förändringen visas inte: med färre än 5 rapporter skulle "
        "den ge det dolda antalet.",
        "en": "{after} reports in {weeks_after} weeks after the start against {before} in "
        "{weeks_before} weeks before. The change is not shown: with fewer than 5 reports it "
        "would give the hidden count away.",
    },
    "est_filter_suppression": {"sv": "Små antal", "en": "Small counts"},
    "est_period_weeks_one": {"sv": "{n} vecka", "en": "{n} week"},
    "est_period_weeks_other": {"sv": "{n} veckor", "en": "{n} weeks"},
    "est_week_label": {
        "sv": "v. {week} {year} ({first}–{last})",
        "en": "week {week} {year} ({first}–{last})",
    },
    "est_weekday_1": {"sv": "måndag", "en": "Monday"},
    "est_weekday_2": {"sv": "tisdag", "en": "Tuesday"},
    "est_weekday_3": {"sv": "onsdag", "en": "Wednesday"},
    "est_weekday_4": {"sv": "torsdag", "en": "Thursday"},
    "est_weekday_5": {"sv": "fredag", "en": "Friday"},
    "est_weekday_6": {"sv": "lördag", "en": "Saturday"},
    "est_weekday_7": {"sv": "söndag", "en": "Sunday"},
    # --- the week ---------------------------------------------------------------------------
    "est_week_summary": {
        "sv": "**{week}**: {observed} rapporter, förväntat {expected}.",
        "en": "**{week}**: {observed} reports, {expected} expected.",
    },
    "est_week_summary_unassessed": {
        "sv": "**{week}**: {observed} rapporter (för kort historik för en förväntan).",
        "en": "**{week}**: {observed} reports (too little history for an expectation).",
    },
    "est_no_alerts_short": {"sv": "Inga larm.", "en": "No alerts."},
    "est_alerts_count_one": {"sv": "{n} larm: {alerts}.", "en": "{n} alert: {alerts}."},
    "est_alerts_count_other": {"sv": "{n} larm: {alerts}.", "en": "{n} alerts: {alerts}."},
    "est_alert_item": {
        "sv": "{cell} ({observed} mot förväntat {expected})",
        "en": "{cell} ({observed} vs {expected} expected)",
    },
    "est_public_note": {
        "sv": "Du ser sammanräknade siffror; antal 1–4 visas som <5. Händelselistan visas bara "
        "för inloggade samordnare.",
        "en": "You see aggregated figures; counts of 1–4 are shown as <5. The incident list is "
        "shown to signed-in coordinators only.",
    },
    "est_suppression_public": {
        "sv": "antal 1–4 visas som <5",
        "en": "counts 1–4 shown as <5",
    },
    "est_suppression_none": {
        "sv": "ingen (samordnarvy)",
        "en": "none (coordinator view)",
    },
    "est_heading_week": {
        "sv": "Veckan mot det förväntade, per område",
        "en": "The week against the expected, by area",
    },
    "est_week_chart_note": {
        "sv": "Stapel: rapporter i veckan (orange = område med larm). Romb: förväntat antal. "
        "Streck: övre gräns (95 %) – en vanlig vecka går ett område över sitt streck ungefär "
        "var 20:e vecka, så med många områden är något av dem över strecket ungefär var "
        "tredje vecka utan att något har förändrats. Ett larm är strängare.",
        "en": "Bar: reports in the week (orange = area with an alert). Diamond: expected count. "
        "Tick: upper limit (95 %) – in an ordinary week an area exceeds its tick about one "
        "week in 20, so with many areas one of them is above its tick about one week in "
        "three without any change. An alert is stricter.",
    },
    "est_too_little_history": {
        "sv": "Veckan kan inte jämföras med en förväntan: det behövs minst {weeks} veckors "
        "historik före den.",
        "en": "The week cannot be compared with an expectation: at least {weeks} weeks of "
        "history before it are needed.",
    },
    "est_heading_alerts": {"sv": "Larm", "en": "Alerts"},
    "est_no_alerts": {
        "sv": "Inga larm: ingen av de {n} kombinationerna av område och kategori var osannolikt "
        "hög den här veckan.",
        "en": "No alerts: none of the {n} area and category combinations was improbably high "
        "this week.",
    },
    "est_no_alert_power": {
        "sv": 'Vad "inga larm" betyder: bara stora ökningar syns en enskild vecka. Med '
        "{expected} rapporter en vanlig vecka ({cell}) hade en ökning till minst {signal} "
        "behövts för en signal; med {expected_typical} ({cell_typical}) minst "
        "{signal_typical}. En fördubbling av en kombination med 2 rapporter i veckan ger "
        "larm mindre än var hundrade gång, och en kombination som varierar mycket från vecka "
        "till vecka behöver ännu mer, upp till omkring 17 gånger sitt vanliga antal: "
        "metoden räknar med att enstaka veckor kan avvika mycket.",
        "en": 'What "no alerts" means: only large increases show in a single week. With '
        "{expected} reports in an ordinary week ({cell}) an increase to at least {signal} "
        "would have been needed for a signal; with {expected_typical} ({cell_typical}) at "
        "least {signal_typical}. A doubling of a combination with 2 reports a week raises an "
        "alert less than once in a hundred, and a combination that varies much from week to "
        "week needs even more, up to about 17 times its usual count: the method allows for "
        "single weeks that stray far.",
    },
    "est_above_limit": {
        "sv": "Över sin 95 %-gräns men inget larm (kan vara slumpen när så många jämförs): "
        "{cells}.",
        "en": "Above their 95 % limit but no alert (may be chance when so many are compared): "
        "{cells}.",
    },
    "est_alert_line": {
        "sv": "**{cell}**: {observed} rapporter, förväntat {expected} (övre gräns {upper})",
        "en": "**{cell}**: {observed} reports, {expected} expected (upper limit {upper})",
    },
    "est_alert_method": {
        "sv": "Förväntat antal: varje områdes egen historik ({weeks} veckor) med säsong, trend "
        "och helger (valborg, skolavslutning, midsommar, nyår) i en Poisson-modell; "
        "osäkerheten tar hänsyn till hur ojämn varje kombination är, till att ett område kan "
        "ha en egen helgtopp, till hur säkert det förväntade är och till att enstaka veckor "
        "kan avvika mycket. Larm: osannolikt högt även "
        "med hänsyn till att {n} kombinationer prövas samtidigt (Benjamini–Hochberg, 2 %). "
        "Utan verklig förändring larmade det i simuleringar i under 1 av 100 veckor på "
        "modellens egen sorts data och i högst 5 av 100 veckor på data där kombinationerna "
        "skiljer sig i säsong, helgeffekter och spridning, också med bara 30 veckors "
        "historik, där nivån vandrar och enstaka veckor avviker mycket, där nivån "
        "har ändrats tidigare i historiken eller där en händelse ger flera rapporter.",
        "en": "Expected count: each area's own history ({weeks} weeks) with season, trend and "
        "holidays (Valborg, end of school, Midsummer, New Year) in a Poisson model; the "
        "uncertainty allows for how irregular each combination is, for an area's own holiday "
        "peak, for how certain the expectation is and for single weeks that stray far. "
        "Alert: improbably high even allowing "
        "for {n} combinations tested at once (Benjamini–Hochberg, 2 %). With no real change "
        "it alerted, in simulations, in under 1 week in 100 on the model's own kind of data "
        "and in at most 5 weeks in 100 on data whose combinations differ in season, holiday "
        "effects and spread, also with only 30 weeks of history, whose level wanders with "
        "single weeks that stray far, whose level changed earlier in the history, or where "
        "one incident gives several reports.",
    },
    "est_heading_trend": {
        "sv": "Trend de senaste {n} veckorna",
        "en": "Trend over the last {n} weeks",
    },
    "est_trend_summary": {
        "sv": "{weeks}: {observed} rapporter mot förväntat {expected}. Veckor över det "
        "förväntade intervallet (95 %): {above}.",
        "en": "{weeks}: {observed} reports against {expected} expected. Weeks above the "
        "expected range (95 %): {above}.",
    },
    "est_trend_summary_hidden": {
        "sv": "{weeks}: {observed} rapporter i de veckor som visas, mot förväntat {expected} "
        "för samma veckor; {hidden} visas inte (<5 eller ..). Veckor över det förväntade "
        "intervallet (95 %): {above}.",
        "en": "{weeks}: {observed} reports in the weeks shown, against {expected} expected for "
        "the same weeks; {hidden} not shown (<5 or ..). Weeks above the expected range "
        "(95 %): {above}.",
    },
    "est_heading_hotspots": {
        "sv": "Platser med flest rapporter ({n} veckor)",
        "en": "Places with the most reports ({n} weeks)",
    },
    "est_hotspot_summary": {
        "sv": "Flest rapporter: {place}, {n}.",
        "en": "Most reports: {place}, {n}.",
    },
    "est_no_hotspots": {
        "sv": "Inga rapporter med angiven plats i perioden.",
        "en": "No reports with a place in the period.",
    },
    "est_heading_weekday_hour": {
        "sv": "Veckodag och tid på dygnet ({n} veckor)",
        "en": "Weekday and time of day ({n} weeks)",
    },
    "est_weekday_hour_summary": {
        "sv": "Vanligast: {weekday} kl. {hour} ({n} rapporter). Rapporter utan klockslag "
        "ingår inte: {without_time}.",
        "en": "Most common: {weekday} at {hour} h ({n} reports). Reports without a time are "
        "not included: {without_time}.",
    },
    "est_heading_incidents": {
        "sv": "Händelser i veckan",
        "en": "Incidents in the week",
    },
    "est_incidents_what": {
        "sv": "Händelselistan (enskilda rapporter)",
        "en": "The incident list (individual reports)",
    },
    "est_incidents_summary": {
        "sv": "{n} rapporter {week} med valda filter. Fritexten är rensad från personnummer, "
        "telefonnummer och e-postadresser.",
        "en": "{n} reports in {week} with the chosen filters. The free text has been cleaned of "
        "personal identity numbers, phone numbers and e-mail addresses.",
    },
    "est_heading_report": {
        "sv": "Veckosammanfattning för mötet",
        "en": "Weekly summary for the meeting",
    },
    "est_report_note": {
        "sv": "En utskriftsvänlig sida med veckans siffror, larm och platser (öppna i "
        "webbläsaren och skriv ut).",
        "en": "A printable page with the week's figures, alerts and places (open it in a browser "
        "and print).",
    },
    "est_report_download": {
        "sv": "Ladda ner veckosammanfattning (HTML)",
        "en": "Download weekly summary (HTML)",
    },
    "est_report_title": {
        "sv": "Lägesbild {week} – Trygg i Vaxholm",
        "en": "Situation picture {week} – Safe in Vaxholm",
    },
    "est_report_example": {
        "sv": "EXEMPELDATA – genererade rapporter, inte verkliga händelser.",
        "en": "EXAMPLE DATA – generated reports, not real incidents.",
    },
    "est_report_hotspots": {
        "sv": "Platser med flest rapporter de senaste {n} veckorna",
        "en": "Places with the most reports in the last {n} weeks",
    },
    "est_report_footer": {
        "sv": "Urval: {filters}. Skapad {created}.",
        "en": "Filters: {filters}. Created {created}.",
    },
    # --- table and chart headings -----------------------------------------------------------
    "est_axis_reports": {"sv": "Rapporter", "en": "Reports"},
    "est_axis_reports_per_week": {"sv": "Rapporter per vecka", "en": "Reports per week"},
    "est_axis_weeks_from_start": {
        "sv": "Veckor från insatsens start",
        "en": "Weeks from the action's start",
    },
    "est_column_area": {"sv": "Område", "en": "Area"},
    "est_column_iso_year": {"sv": "År (ISO-vecka)", "en": "Year (ISO week)"},
    "est_column_week_start": {"sv": "Veckans måndag", "en": "Monday of the week"},
    "est_column_place_id": {"sv": "Plats-id", "en": "Place id"},
    "est_column_all_areas": {"sv": "Alla områden", "en": "All areas"},
    "est_column_areas": {"sv": "Områden", "en": "Areas"},
    "est_column_category": {"sv": "Kategori", "en": "Category"},
    "est_column_categories": {"sv": "Kategorier", "en": "Categories"},
    "est_column_observed": {"sv": "Rapporter", "en": "Reports"},
    "est_column_expected": {"sv": "Förväntat", "en": "Expected"},
    "est_column_upper": {"sv": "Övre gräns (95 %)", "en": "Upper limit (95 %)"},
    "est_column_lower": {"sv": "Nedre gräns (95 %)", "en": "Lower limit (95 %)"},
    "est_column_upper_band": {"sv": "Övre gräns (95 %)", "en": "Upper limit (95 %)"},
    "est_column_alerts": {"sv": "Larm", "en": "Alerts"},
    "est_column_p_value": {"sv": "p-värde", "en": "p-value"},
    "est_column_q_value": {
        "sv": "q-värde (Benjamini–Hochberg)",
        "en": "q-value (Benjamini–Hochberg)",
    },
    "est_column_week": {"sv": "Vecka", "en": "Week"},
    "est_column_weekday": {"sv": "Veckodag", "en": "Weekday"},
    "est_column_hour": {"sv": "Timme", "en": "Hour"},
    "est_column_rank": {"sv": "Rang", "en": "Rank"},
    "est_column_place": {"sv": "Plats", "en": "Place"},
    "est_column_reports": {"sv": "Rapporter", "en": "Reports"},
    "est_column_previous": {"sv": "Perioden före", "en": "Period before"},
    "est_column_change": {"sv": "Förändring", "en": "Change"},
    "est_column_change_percent": {"sv": "Förändring (%)", "en": "Change (%)"},
    "est_column_verdict": {"sv": "Bedömning", "en": "Verdict"},
    "est_column_severity": {"sv": "Allvarlighet (1–3)", "en": "Severity (1–3)"},
    "est_column_id": {"sv": "Id", "en": "Id"},
    "est_column_date": {"sv": "Datum", "en": "Date"},
    "est_column_time": {"sv": "Tid", "en": "Time"},
    "est_column_organisation": {"sv": "Organisation", "en": "Organisation"},
    "est_column_description": {"sv": "Beskrivning", "en": "Description"},
    "est_column_redacted": {"sv": "Personuppgifter borttagna", "en": "Personal data removed"},
    "est_column_action": {"sv": "Insats", "en": "Action"},
    "est_column_promise": {"sv": "Medborgarlöfte", "en": "Citizen promise"},
    "est_column_responsible": {"sv": "Ansvariga", "en": "Responsible"},
    "est_column_start": {"sv": "Start", "en": "Start"},
    "est_column_end": {"sv": "Slut", "en": "End"},
    "est_column_status": {"sv": "Status", "en": "Status"},
    "est_column_notes": {"sv": "Uppföljning", "en": "Follow-up notes"},
    "est_column_group": {"sv": "Grupp", "en": "Group"},
    "est_column_method": {"sv": "Metod", "en": "Method"},
    "est_column_weeks_before": {"sv": "Veckor före", "en": "Weeks before"},
    "est_column_weeks_after": {"sv": "Veckor efter", "en": "Weeks after"},
    "est_column_targeted_before": {
        "sv": "Rapporter före (insatsens områden)",
        "en": "Reports before (targeted areas)",
    },
    "est_column_targeted_after": {
        "sv": "Rapporter efter (insatsens områden)",
        "en": "Reports after (targeted areas)",
    },
    "est_column_comparison_after": {
        "sv": "Jämförelse efter (övriga områden eller förväntat)",
        "en": "Comparison after (other areas or expected)",
    },
    "est_column_change_lower": {
        "sv": "Förändring, nedre gräns (95 %)",
        "en": "Change, lower limit (95 %)",
    },
    "est_column_change_upper": {
        "sv": "Förändring, övre gräns (95 %)",
        "en": "Change, upper limit (95 %)",
    },
    # --- insatser -----------------------------------------------------------------------------
    "est_status_planerad": {"sv": "planerad", "en": "planned"},
    "est_status_pågår": {"sv": "pågår", "en": "ongoing"},
    "est_status_genomförd": {"sv": "genomförd", "en": "completed"},
    "est_status_uppföljd": {"sv": "uppföljd", "en": "followed up"},
    "est_ongoing": {"sv": "pågår", "en": "ongoing"},
    "est_actions_summary": {
        "sv": "{n} insatser under {promises} medborgarlöften. Status: pågår {ongoing}, planerad "
        "{planned}, genomförd {completed}, uppföljd {reviewed}. {followed} kan följas upp; "
        "{decreases} följs av en säker minskning och {increases} av en säker ökning.",
        "en": "{n} actions under {promises} citizen promises. Status: ongoing {ongoing}, "
        "planned {planned}, completed {completed}, followed up {reviewed}. {followed} can be "
        "followed up; {decreases} are followed by a certain decrease and {increases} by a "
        "certain increase.",
    },
    "est_heading_timeline": {"sv": "Tidslinje", "en": "Timeline"},
    "est_timeline_note": {
        "sv": "Strecket visar senaste veckan med data ({date}); pågående insatser går fram "
        "till den.",
        "en": "The line marks the last week with data ({date}); ongoing actions run up to it.",
    },
    "est_heading_followup": {"sv": "Uppföljning per insats", "en": "Follow-up per action"},
    "est_followup_method": {
        "sv": "Rapporter i insatsens områden och kategorier före och efter starten (högst 52 "
        "veckor), jämfört med samma kategorier i områden utan insatsen (skillnad i skillnader, "
        "Poisson-modell med veckoeffekter och varje områdes egen nivå, trend och säsong) – "
        "eller, när insatsen gäller hela kommunen, med det förväntade antalet utifrån tiden "
        "före (säsong, helger och trend). Ett samband i tid visar inte "
        "säkert att insatsen orsakade förändringen.",
        "en": "Reports in the action's areas and categories before and after its start (at most "
        "52 weeks), compared with the same categories in areas without the action (difference "
        "in differences, Poisson model with week effects and each area's own level, trend and "
        "season) – or, when the action covers the whole municipality, with the count expected "
        "from the time before (season, holidays and trend). An association "
        "in time does not prove that the action caused the change.",
    },
    "est_action_details": {
        "sv": "{promise} · Ansvariga: {responsible} · Områden: {areas} · Kategorier: "
        "{categories} · {start} – {end}",
        "en": "{promise} · Responsible: {responsible} · Areas: {areas} · Categories: "
        "{categories} · {start} – {end}",
    },
    "est_action_notes": {"sv": "Uppföljning: {notes}", "en": "Follow-up notes: {notes}"},
    "est_followup_did": {
        "sv": "{after} rapporter under {weeks_after} veckor efter start mot {before} under "
        "{weeks_before} veckor före. Jämfört med områden utan insatsen: **{change}** (95 % "
        "konfidensintervall {lower} till {upper}) – {verdict}.",
        "en": "{after} reports in {weeks_after} weeks after the start against {before} in "
        "{weeks_before} weeks before. Compared with areas without the action: **{change}** "
        "(95% confidence interval {lower} to {upper}) – {verdict}.",
    },
    "est_followup_expected": {
        "sv": "{after} rapporter under {weeks_after} veckor efter start mot förväntat "
        "{expected} utifrån {weeks_before} veckor före (säsong, helger och trend); före: "
        "{before}. "
        "**{change}** (95 % konfidensintervall {lower} till {upper}) – {verdict}.",
        "en": "{after} reports in {weeks_after} weeks after the start against {expected} "
        "expected from {weeks_before} weeks before (season, holidays and trend); before: "
        "{before}. "
        "**{change}** (95% confidence interval {lower} to {upper}) – {verdict}.",
    },
    "est_followup_not_started": {
        "sv": "Ingen uppföljning ännu: insatsen har inte börjat (eller det finns inga data "
        "efter starten). Minst {weeks} veckor behövs.",
        "en": "No follow-up yet: the action has not started (or there are no data after its "
        "start). At least {weeks} weeks are needed.",
    },
    "est_followup_too_early": {
        "sv": "För tidigt för uppföljning: minst {weeks} veckor efter starten behövs.",
        "en": "Too early to follow up: at least {weeks} weeks after the start are needed.",
    },
    "est_followup_too_little_history": {
        "sv": "Ingen uppföljning: data före starten räcker inte (minst {weeks} veckor behövs).",
        "en": "No follow-up: too little data before the start (at least {weeks} weeks are needed).",
    },
    "est_followup_no_reports": {
        "sv": "Ingen uppföljning: inga rapporter i de berörda områdena eller jämförelse"
        "områdena före starten (minst {weeks} veckor jämförs).",
        "en": "No follow-up: no reports in the targeted or the comparison areas before the "
        "start (at least {weeks} weeks are compared).",
    },
    "est_followup_failed": {
        "sv": "Uppföljningen kunde inte beräknas för den här insatsen (modellen gick inte att "
        "skatta med dessa data). Övriga insatser påverkas inte.",
        "en": "The follow-up could not be computed for this action (the model could not be "
        "estimated from these data). Other actions are not affected.",
    },
    "est_group_targeted": {"sv": "Insatsens områden", "en": "Targeted areas"},
    "est_group_comparison": {
        "sv": "Övriga områden (skalade till samma nivå före start)",
        "en": "Other areas (scaled to the same level before the start)",
    },
    "est_group_expected": {
        "sv": "Förväntat utifrån tiden före",
        "en": "Expected from the time before",
    },
    "est_method_did": {"sv": "skillnad i skillnader", "en": "difference in differences"},
    "est_method_expected": {"sv": "mot förväntat antal", "en": "against the expected count"},
    "est_method_none": {"sv": "ingen uppföljning", "en": "no follow-up"},
    "est_heading_action_incidents": {
        "sv": "Rapporter kopplade till en insats",
        "en": "Reports linked to an action",
    },
    "est_action_incidents_what": {
        "sv": "Rapporterna bakom uppföljningen",
        "en": "The reports behind the follow-up",
    },
    "est_action_incidents_summary": {
        "sv": "{n} rapporter i insatsens områden och kategorier sedan starten.",
        "en": "{n} reports in the action's areas and categories since its start.",
    },
    # --- import ------------------------------------------------------------------------------
    "est_import_what": {"sv": "Import av filer", "en": "Importing files"},
    "est_import_kind": {"sv": "Vad ska importeras?", "en": "What to import?"},
    "est_import_kind_est": {"sv": "EST-rapporter", "en": "EST reports"},
    "est_import_kind_insatser": {"sv": "Insatser", "en": "Actions"},
    "est_import_contract_est": {
        "sv": "CSV (; eller ,) eller Excel med rubrikraden: id, datum, tid, område, plats, "
        "kategori, organisation, allvarlighet, beskrivning (tid och plats får vara tomma; en "
        "kolumn vecka måste stämma med datumet).",
        "en": "CSV (; or ,) or Excel with the header: id, date, time, area, place, category, "
        "organisation, severity, description (time and place may be empty; a week column must "
        "agree with the date).",
    },
    "est_import_contract_insatser": {
        "sv": "CSV (; eller ,) eller Excel med rubrikraden: id, titel, medborgarlöfte, "
        "ansvariga, områden, kategorier, start, slut, status, uppföljning (listor med | "
        "mellan namnen; 'alla' för alla områden).",
        "en": "CSV (; or ,) or Excel with the header: id, title, promise, responsible, areas, "
        "categories, start, end, status, follow_up (lists with | between the names; 'all' for "
        "every area).",
    },
    "est_import_file": {"sv": "Fil", "en": "File"},
    "est_import_invalid": {
        "sv": "Filen kan inte importeras: {error}",
        "en": "The file cannot be imported: {error}",
    },
    "est_import_valid": {
        "sv": "Filen är giltig. Rader som kan importeras: {rows}. Så här sparas de första:",
        "en": "The file is valid. Rows that can be imported: {rows}. This is how the first are "
        "stored:",
    },
    "est_import_already": {
        "sv": "Exakt den här filen är redan importerad; en ny import ändrar ingenting.",
        "en": "This exact file has already been imported; importing it again changes nothing.",
    },
    "est_import_button": {"sv": "Importera", "en": "Import"},
    # --- sign-in -------------------------------------------------------------------------------
    "est_auth_heading": {"sv": "Samordnare", "en": "Coordinators"},
    "est_auth_not_configured": {
        "sv": "Inloggning är inte konfigurerad (se README: roller i .streamlit/secrets.toml).",
        "en": "Sign-in is not configured (see README: roles in .streamlit/secrets.toml).",
    },
    "est_auth_password": {"sv": "Lösenord", "en": "Password"},
    "est_auth_login": {"sv": "Logga in", "en": "Sign in"},
    "est_auth_logout": {"sv": "Logga ut", "en": "Sign out"},
    "est_auth_oidc_login": {"sv": "Logga in", "en": "Sign in"},
    "est_auth_signed_in": {"sv": "Inloggad som samordnare.", "en": "Signed in as coordinator."},
    "est_auth_signed_in_as": {
        "sv": "Inloggad som samordnare: {who}",
        "en": "Signed in as coordinator: {who}",
    },
    "est_auth_not_a_coordinator": {
        "sv": "Inloggad som {who}, men inte som samordnare.",
        "en": "Signed in as {who}, but not as a coordinator.",
    },
    "est_auth_wrong_password": {"sv": "Fel lösenord.", "en": "Wrong password."},
    "est_auth_locked": {
        "sv": "För många felaktiga försök. Vänta {seconds} sekunder.",
        "en": "Too many wrong attempts. Wait {seconds} seconds.",
    },
    "est_auth_required": {
        "sv": "{what} visas bara för inloggade samordnare. Logga in i sidomenyn.",
        "en": "{what}: shown to signed-in coordinators only. Sign in in the sidebar.",
    },
    "est_auth_required_not_configured": {
        "sv": "{what} visas bara för inloggade samordnare, och inloggning är inte konfigurerad.",
        "en": "{what}: shown to signed-in coordinators only, and sign-in is not configured.",
    },
}
