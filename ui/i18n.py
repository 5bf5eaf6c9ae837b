"""The message catalogue: every label, help text and sentence the pages show, in sv and en.

`t(key, **values)` returns the text in the session's language (Swedish unless the visitor
chose English); `{name}` placeholders are filled from `values`. A missing key raises KeyError,
so an untranslated string fails the tests instead of reaching a user.
"""

from __future__ import annotations

import streamlit as st
from babel import Locale

LANGUAGES = ("sv", "en")
# Session-state key and URL parameter that hold the chosen language.
LANGUAGE_KEY = "lang"
# Each language named in itself, as language pickers do.
LANGUAGE_NAMES = {"sv": "Svenska", "en": "English"}

MESSAGES: dict[str, dict[str, str]] = {
    "app_title": {"sv": "Trygg i Vaxholm", "en": "Safe in Vaxholm"},
    "building_database": {
        "sv": "Första starten: databasen byggs från de medföljande filerna (omkring tio "
        "sekunder) …",
        "en": "First start: the database is being built from the bundled files (about ten "
        "seconds) …",
    },
    "database_outdated": {
        "sv": "Databasen ({path}) är byggd av en äldre version av programmet och saknar delar "
        "som sidorna behöver. Bygg om den med `.venv/bin/python -m data build`; egna filer "
        "behöver sedan importeras igen.",
        "en": "The database ({path}) was built by an older version of the program and lacks "
        "parts the pages need. Rebuild it with `.venv/bin/python -m data build`; your own files "
        "then need to be imported again.",
    },
    "app_tagline": {
        "sv": "Brottsförebyggande arbete och trygghet i Vaxholms stad",
        "en": "Crime prevention and safety in Vaxholm",
    },
    "page_overview": {"sv": "Översikt", "en": "Overview"},
    "page_crime": {"sv": "Brottsutveckling", "en": "Crime trends"},
    "page_sources": {"sv": "Data och källor", "en": "Data and sources"},
    # --- shared frame -----------------------------------------------------------------------
    "example_label": {"sv": "Exempeldata", "en": "Example data"},
    "example_warning": {
        "sv": "Innehåller exempeldata (genererad, inte officiell statistik): {what}.",
        "en": "Contains example data (generated, not official statistics): {what}.",
    },
    "real_label": {"sv": "Verklig statistik", "en": "Real data"},
    "source_kind_example": {"sv": "Exempeldata", "en": "Example data"},
    "source_kind_internal": {
        "sv": "Kommunens egna rapporter",
        "en": "The municipality's own records",
    },
    "source_kind_published": {"sv": "Publicerad uppgift", "en": "Published figure"},
    "source_kind_real": {"sv": "Verklig statistik", "en": "Real data"},
    "source_line": {
        "sv": "Källa: {source}. Licens: {licence}.",
        "en": "Source: {source}. Licence: {licence}.",
    },
    "table_view": {"sv": "Tabell (samma data som diagrammet)", "en": "Table (the chart's data)"},
    "download_csv": {"sv": "Ladda ner CSV", "en": "Download CSV"},
    "download_excel_sv": {"sv": "Ladda ner Excel (svenska)", "en": "Download Excel (Swedish)"},
    "download_zip": {"sv": "Ladda ner allt (zip)", "en": "Download all (zip)"},
    "download_image": {"sv": "Ladda ner bild", "en": "Download image"},
    "download_png": {"sv": "PNG-bild", "en": "PNG image"},
    "download_svg": {"sv": "SVG-bild (skalbar)", "en": "SVG image (scalable)"},
    "image_source": {"sv": "Källa: {source}.", "en": "Source: {source}."},
    "image_extracted": {"sv": "Uttag: {extracted}", "en": "Extracted: {extracted}"},
    "image_example": {
        "sv": "Exempeldata – inte officiell statistik",
        "en": "Example data – not official statistics",
    },
    "readme_heading": {
        "sv": "Trygg i Vaxholm – nedladdat urval",
        "en": "Trygg i Vaxholm – downloaded view",
    },
    "readme_files": {"sv": "Filer", "en": "Files"},
    "readme_source": {"sv": "Källa", "en": "Source"},
    "readme_licence": {"sv": "Licens", "en": "Licence"},
    "readme_extracted": {"sv": "Uttag", "en": "Extracted"},
    "readme_filters": {"sv": "Urval (filter)", "en": "Filters"},
    "readme_suppression": {"sv": "Skydd av små tal", "en": "Small-number suppression"},
    "readme_suppression_table": {
        "sv": 'Inga värden döljs utöver dem som tabellen visar som ".." eller "<5".',
        "en": 'No values are hidden beyond those the table shows as ".." or "<5".',
    },
    "readme_series_breaks": {"sv": "Seriebrott", "en": "Series breaks"},
    "readme_no_series_breaks": {
        "sv": "Inga kända seriebrott i urvalet.",
        "en": "No known series breaks in this view.",
    },
    "readme_example": {"sv": "Exempeldata", "en": "Example data"},
    "readme_permalink": {"sv": "Länk till vyn", "en": "Link to this view"},
    "readme_reading": {"sv": "Läsa filerna", "en": "Reading the files"},
    "readme_reading_text": {
        "sv": "CSV: UTF-8, kommatecken, decimalpunkt. Excel (svenska): UTF-8 med BOM, "
        'semikolon, decimalkomma. Rader som börjar med "#" är källnoter: '
        'pandas.read_csv(fil, comment="#").',
        "en": "CSV: UTF-8, comma, decimal point. Excel (Swedish): UTF-8 with BOM, semicolon, "
        'decimal comma. Lines starting with "#" are provenance notes: '
        'pandas.read_csv(file, comment="#").',
    },
    "download_note": {
        "sv": "Filerna innehåller exakt det urval som visas, med en källrad överst.",
        "en": "The files hold exactly the filtered view, with a provenance note at the top.",
    },
    "provenance": {
        "sv": "Källa: {source}. Uttag: {extracted}. Urval: {filters}. {example}",
        "en": "Source: {source}. Extracted: {extracted}. Filters: {filters}. {example}",
    },
    "provenance_example": {
        "sv": "Innehåller exempeldata – inte officiell statistik.",
        "en": "Contains example data – not official statistics.",
    },
    "provenance_real": {
        "sv": "Verkliga uppgifter (inte exempeldata).",
        "en": "Real data (not example data).",
    },
    "no_data": {"sv": "Inga data för det urvalet.", "en": "No data for this selection."},
    "import_done_one": {
        "sv": "{file}: {rows} rad importerad (import nr {id}).",
        "en": "{file}: {rows} row imported (import no. {id}).",
    },
    "import_done_other": {
        "sv": "{file}: {rows} rader importerade (import nr {id}).",
        "en": "{file}: {rows} rows imported (import no. {id}).",
    },
    "import_restored_one": {
        "sv": "{file}: {rows} rad återställd (import nr {id}).",
        "en": "{file}: {rows} row restored (import no. {id}).",
    },
    "import_restored_other": {
        "sv": "{file}: {rows} rader återställda (import nr {id}).",
        "en": "{file}: {rows} rows restored (import no. {id}).",
    },
    "import_replaced_one": {
        "sv": "Ersatte {rows} rad från import nr {id} ({file}).",
        "en": "Replaced {rows} row from import no. {id} ({file}).",
    },
    "import_replaced_other": {
        "sv": "Ersatte {rows} rader från import nr {id} ({file}).",
        "en": "Replaced {rows} rows from import no. {id} ({file}).",
    },
    "import_already_done": {
        "sv": "{file} är redan importerad (import nr {id}); inget ändrades.",
        "en": "{file} has already been imported (import no. {id}); nothing was changed.",
    },
    "import_file_help": {
        "sv": "Dra filen hit eller välj den med knappen. CSV, TXT eller Excel (xlsx, xls), "
        "högst 200 MB. Texten inne i rutan visar Streamlit alltid "
        "på engelska.",
        "en": "Drag the file here or choose it with the button. CSV, TXT or Excel (xlsx, xls), "
        "at most 200 MB.",
    },
    # --- verdicts --------------------------------------------------------------------------
    "verdict_increase": {"sv": "ökning", "en": "increase"},
    "verdict_decrease": {"sv": "minskning", "en": "decrease"},
    "verdict_no_certain_change": {"sv": "ingen säker förändring", "en": "no certain change"},
    "verdict_untestable": {
        "sv": "osäkerheten kan inte beräknas (antal saknas)",
        "en": "uncertainty cannot be computed (counts unknown)",
    },
    # --- overview --------------------------------------------------------------------------
    "overview_intro": {
        "sv": "Nyckeltal för Vaxholm: senaste värde, förändring mot året innan och om "
        "förändringen är säker, jämfört med länets kommuner.",
        "en": "Key figures for Vaxholm: latest value, change from the year before and whether "
        "the change is certain, compared with the county's municipalities.",
    },
    "card_delta_rate": {
        "sv": "{change} mot {year_before}: {verdict}",
        "en": "{change} vs {year_before}: {verdict}",
    },
    "card_delta_points": {
        "sv": "{change} procentenheter mot {year_before}",
        "en": "{change} percentage points vs {year_before}",
    },
    "card_county": {
        "sv": "Länets kommuner {year}: median {median} (mittersta hälften {q1}–{q3}).",
        "en": "County municipalities {year}: median {median} (middle half {q1}–{q3}).",
    },
    "card_caption": {"sv": "{year} · {source}", "en": "{year} · {source}"},
    "overview_comparison_heading": {
        "sv": "{title}: Vaxholm, länet och riket",
        "en": "{title}: Vaxholm, the county and Sweden",
    },
    "overview_comparison_summary": {
        "sv": "{year}: {figures} {unit}.",
        "en": "{year}: {figures} {unit}.",
    },
    "overview_figure_vaxholm": {"sv": "Vaxholm {value}", "en": "Vaxholm {value}"},
    "overview_figure_county": {"sv": "Stockholms län {value}", "en": "Stockholm county {value}"},
    "overview_figure_riket": {"sv": "riket {value}", "en": "Sweden {value}"},
    "freshness_heading": {"sv": "Källornas aktualitet", "en": "Freshness of the sources"},
    "freshness_latest_year": {"sv": "Senaste år", "en": "Latest year"},
    "freshness_last_import": {"sv": "Senast importerad", "en": "Last imported"},
    # --- crime page ------------------------------------------------------------------------
    "crime_intro": {
        "sv": "Anmälda brott över tid för vald kommun, med osäkerhetsintervall, trend och "
        "jämförelse med länet och jämförbara kommuner.",
        "en": "Reported offences over time for the chosen municipality, with uncertainty "
        "intervals, trend and comparison with the county and comparable municipalities.",
    },
    "filter_series": {"sv": "Brottstyp", "en": "Offence type"},
    "filter_area": {"sv": "Kommun", "en": "Municipality"},
    "filter_measure": {"sv": "Mått", "en": "Measure"},
    "measure_rate": {"sv": "Per 100 000 invånare", "en": "Per 100 000 inhabitants"},
    "measure_count": {"sv": "Antal", "en": "Count"},
    "filter_years": {"sv": "År", "en": "Years"},
    "filter_suppression": {"sv": "Skydd av små tal", "en": "Small-number protection"},
    "filter_year": {"sv": "År", "en": "Year"},
    "filter_comparison": {"sv": "Jämförelse", "en": "Comparison"},
    "filter_peers": {"sv": "Jämförelsegrupp", "en": "Comparison group"},
    "series_real_suffix": {"sv": "{title} (Kolada, verklig)", "en": "{title} (Kolada, real data)"},
    "series_example_suffix": {"sv": "{title} (exempeldata)", "en": "{title} (example data)"},
    "legend_area_ci": {"sv": "95 % konfidensintervall", "en": "95 % confidence interval"},
    "legend_peer_band": {"sv": "{group}: mittersta hälften", "en": "{group}: middle half"},
    "legend_peer_median": {"sv": "{group}: median", "en": "{group}: median"},
    "legend_county": {"sv": "Stockholms län", "en": "Stockholm county"},
    "legend_riket": {"sv": "Riket", "en": "Sweden"},
    "legend_trend": {"sv": "Trend {first}–{last}", "en": "Trend {first}–{last}"},
    "legend_hidden": {
        "sv": "Dolt värde: <5 = antal 1–4, .. = kan räknas fram ur en summa",
        "en": "Hidden value: <5 = count 1–4, .. = could be worked out from a total",
    },
    "legend_hidden_cell": {
        "sv": "Grå ruta: dolt (1–4, eller kan räknas fram ur en summa)",
        "en": "Grey cell: hidden (1–4, or could be worked out from a total)",
    },
    "series_break": {"sv": "Seriebrott {year}", "en": "Series break {year}"},
    "series_break_note": {
        "sv": "Brås kommunala siffror före {year} är inte helt jämförbara med senare år; "
        "trenden beräknas från {year}.",
        "en": "Brå's municipal figures before {year} are not fully comparable with later "
        "years; the trend is estimated from {year}.",
    },
    "crime_summary": {
        "sv": "{area} {year}: {value} {unit} ({change} mot {year_before}: {verdict}).",
        "en": "{area} {year}: {value} {unit} ({change} vs {year_before}: {verdict}).",
    },
    "trend_summary": {
        "sv": "Trend {first}–{last}: {change} per år (95 % KI {lower} till {upper}): {verdict}.",
        "en": "Trend {first}–{last}: {change} per year (95 % confidence interval {lower} to {upper}): {verdict}.",
    },
    "trend_unavailable": {
        "sv": "För få år efter seriebrottet för att skatta en trend.",
        "en": "Too few years after the series break to estimate a trend.",
    },
    "count_derived_note": {
        "sv": "Antal är beräknade från Koladas takt × folkmängd (folkmängden är exempeldata).",
        "en": "Counts are derived from Kolada's rate × population (the population is example "
        "data).",
    },
    "unit_per_100k": {"sv": "per 100 000 invånare", "en": "per 100 000 inhabitants"},
    "unit_count": {"sv": "anmälda brott", "en": "reported offences"},
    "unit_percent": {"sv": "procent", "en": "per cent"},
    "unit_per_inhabitant": {"sv": "per invånare", "en": "per inhabitant"},
    "unit_per_1000": {"sv": "per 1 000", "en": "per 1 000"},
    "ranking_by_rate_note": {
        "sv": "Rangordningen bygger på anmälda brott per 100 000 invånare även i läget Antal: "
        "antalet brott i kommuner av olika storlek går inte att jämföra.",
        "en": "The ranking uses reported offences per 100 000 inhabitants in the Count mode too: "
        "counts of municipalities of different size cannot be compared.",
    },
    "ranking_heading": {
        "sv": "Rangordning bland länets kommuner {year}",
        "en": "Ranking among the county's municipalities {year}",
    },
    "youth_response_rate_one": {
        "sv": "Svarsfrekvens {grade} {year}: {answers} svar av {pupils} elev i kommunens skolor "
        "läsåret {school_year} enligt Skolverket ({rate} %).",
        "en": "Response rate {grade} {year}: {answers} answers of {pupils} pupil in the "
        "municipality's schools in {school_year} according to Skolverket ({rate} %).",
    },
    "youth_response_rate_other": {
        "sv": "Svarsfrekvens {grade} {year}: {answers} svar av {pupils} elever i kommunens skolor "
        "läsåret {school_year} enligt Skolverket ({rate} %). Elever räknas där skolan ligger, "
        "svar efter hemkommun.",
        "en": "Response rate {grade} {year}: {answers} answers of {pupils} pupils in the "
        "municipality's schools in {school_year} according to Skolverket ({rate} %). Pupils are "
        "counted where the school is, answers by home municipality.",
    },
    "youth_response_rate_elsewhere_one": {
        "sv": "{grade} {year}: {answers} svar från elever som bor i kommunen ({answers_source}) "
        "och {pupils} elev i kommunens skolor läsåret {school_year} ({pupils_source}). "
        "Gymnasieelever går till stor del i skola i andra kommuner och Skolverket räknar elever "
        "där skolan ligger, så ingen svarsfrekvens kan anges.",
        "en": "{grade} {year}: {answers} answers from pupils living in the municipality "
        "({answers_source}) and {pupils} pupil in the municipality's schools in {school_year} "
        "({pupils_source}). Upper secondary pupils largely study in other municipalities and "
        "Skolverket counts pupils where the school is, so no response rate can be given.",
    },
    "youth_response_rate_elsewhere_other": {
        "sv": "{grade} {year}: {answers} svar från elever som bor i kommunen ({answers_source}) "
        "och {pupils} elever i kommunens skolor läsåret {school_year} ({pupils_source}). "
        "Gymnasieelever går till stor del i skola i andra kommuner och Skolverket räknar elever "
        "där skolan ligger, så ingen svarsfrekvens kan anges.",
        "en": "{grade} {year}: {answers} answers from pupils living in the municipality "
        "({answers_source}) and {pupils} pupils in the municipality's schools in {school_year} "
        "({pupils_source}). Upper secondary pupils largely study in other municipalities and "
        "Skolverket counts pupils where the school is, so no response rate can be given.",
    },
    "youth_response_rate_above_100_one": {
        "sv": "{grade} {year}: {answers} svar från elever som bor i kommunen ({answers_source}) "
        "men {pupils} elev i kommunens skolor läsåret {school_year} ({pupils_source}). Fler svar "
        "än elever: många elever som bor i kommunen går i skola i en annan kommun och Skolverket "
        "räknar elever där skolan ligger, så ingen svarsfrekvens kan anges.",
        "en": "{grade} {year}: {answers} answers from pupils living in the municipality "
        "({answers_source}) but {pupils} pupil in the municipality's schools in {school_year} "
        "({pupils_source}). More answers than pupils: many pupils living in the municipality "
        "go to school in another one and Skolverket counts pupils where the school is, so no "
        "response rate can be given.",
    },
    "youth_response_rate_above_100_other": {
        "sv": "{grade} {year}: {answers} svar från elever som bor i kommunen ({answers_source}) "
        "men {pupils} elever i kommunens skolor läsåret {school_year} ({pupils_source}). Fler "
        "svar än elever: många elever som bor i kommunen går i skola i en annan kommun och "
        "Skolverket räknar elever där skolan ligger, så ingen svarsfrekvens kan anges.",
        "en": "{grade} {year}: {answers} answers from pupils living in the municipality "
        "({answers_source}) but {pupils} pupils in the municipality's schools in {school_year} "
        "({pupils_source}). More answers than pupils: many pupils living in the municipality "
        "go to school in another one and Skolverket counts pupils where the school is, so no "
        "response rate can be given.",
    },
    "youth_response_rate_hidden": {
        "sv": "Svarsfrekvens {grade} {year}: {answers} svar. Skolverket döljer elevantalet för "
        "någon av kommunens skolor läsåret {school_year}, så andelen kan inte beräknas.",
        "en": "Response rate {grade} {year}: {answers} answers. Skolverket hides the number of "
        "pupils of one of the municipality's schools in {school_year}, so no rate is given.",
    },
    "youth_response_rate_no_file": {
        "sv": "Svarsfrekvens {grade} {year}: {answers} svar. Skolverkets elevantal för läsåret "
        "{school_year} finns inte i databasen.",
        "en": "Response rate {grade} {year}: {answers} answers. Skolverket's pupil numbers for "
        "{school_year} are not in the database.",
    },
    "youth_response_rate_no_pupils": {
        "sv": "Svarsfrekvens {grade} {year}: {answers} svar. Enligt Skolverket har kommunens "
        "skolor inga elever i {grade} läsåret {school_year} (elever räknas där skolan ligger), "
        "så ingen svarsfrekvens kan anges.",
        "en": "Response rate {grade} {year}: {answers} answers. According to Skolverket the "
        "municipality's schools have no pupils in {grade} in {school_year} (pupils are counted "
        "where the school is), so no response rate can be given.",
    },
    "youth_response_rate_example": {
        "sv": "Svaren är exempeldata.",
        "en": "The answers are example data.",
    },
    "ranking_heading_national": {
        "sv": "Rangordning bland landets kommuner {year}",
        "en": "Ranking among the country's municipalities {year}",
    },
    "filter_ranking_scope": {"sv": "Rangordna bland", "en": "Rank among"},
    "ranking_scope_county": {"sv": "Stockholms län", "en": "Stockholm County"},
    "ranking_scope_national": {"sv": "Hela landet", "en": "The whole country"},
    "ranking_summary": {
        "sv": "{area} har plats {rank} av {n} (1 = lägst {unit}).",
        "en": "{area} ranks {rank} of {n} (1 = lowest {unit}).",
    },
    "column_year": {"sv": "År", "en": "Year"},
    "column_area": {"sv": "Område", "en": "Area"},
    "column_value": {"sv": "Värde", "en": "Value"},
    "column_count": {"sv": "Antal", "en": "Count"},
    "column_rate": {"sv": "Per 100 000", "en": "Per 100 000"},
    "column_lower": {"sv": "Nedre gräns (95 %)", "en": "Lower limit (95 %)"},
    "column_upper": {"sv": "Övre gräns (95 %)", "en": "Upper limit (95 %)"},
    "column_peer_median": {"sv": "Jämförelsegrupp, median", "en": "Comparison group, median"},
    "column_peer_q1": {
        "sv": "Jämförelsegrupp, 25:e percentil",
        "en": "Comparison group, 25th percentile",
    },
    "column_peer_q3": {
        "sv": "Jämförelsegrupp, 75:e percentil",
        "en": "Comparison group, 75th percentile",
    },
    "column_population": {"sv": "Folkmängd", "en": "Population"},
    "column_trend": {"sv": "Trend (skattad)", "en": "Trend (fitted)"},
    "column_county": {"sv": "Stockholms län", "en": "Stockholm county"},
    "column_riket": {"sv": "Riket", "en": "Sweden"},
    "column_rank": {"sv": "Plats", "en": "Rank"},
    "column_municipality": {"sv": "Kommun", "en": "Municipality"},
    "column_example": {"sv": "Exempeldata", "en": "Example data"},
    "column_preliminary": {"sv": "Preliminär", "en": "Preliminary"},
    "column_source": {"sv": "Källa", "en": "Source"},
    "column_status": {"sv": "Status", "en": "Status"},
    "yes": {"sv": "ja", "en": "yes"},
    "no": {"sv": "nej", "en": "no"},
    # --- sources page ----------------------------------------------------------------------
    "sources_intro": {
        "sv": "Alla källor, licenser och importer. Exempeldata är genererad och märkt överallt "
        "där den visas; den är aldrig officiell statistik.",
        "en": "Every source, licence and import. Example data is generated and labelled "
        "wherever it appears; it is never official statistics.",
    },
    "sources_heading": {"sv": "Källor och licenser", "en": "Sources and licences"},
    "imports_heading": {"sv": "Importer (proveniens)", "en": "Imports (provenance)"},
    "indicators_heading": {"sv": "Nyckeltal och definitioner", "en": "Indicators and definitions"},
    "freshness_table_heading": {"sv": "Datatabeller", "en": "Data tables"},
    "sources_summary": {
        "sv": "{n_sources} källor, varav {n_example} med exempeldata; {n_imports} importerade "
        "filer.",
        "en": "{n_sources} sources, {n_example} of them example data; {n_imports} imported files.",
    },
    "column_name": {"sv": "Namn", "en": "Name"},
    "column_publisher": {"sv": "Utgivare", "en": "Publisher"},
    "column_licence": {"sv": "Licens", "en": "Licence"},
    "column_attribution": {"sv": "Källhänvisning", "en": "Attribution"},
    "column_last_import": {"sv": "Senast importerad", "en": "Last imported"},
    "column_rows": {"sv": "Rader", "en": "Rows"},
    "column_note": {"sv": "Anmärkning", "en": "Note"},
    "column_file": {"sv": "Fil", "en": "File"},
    "column_format": {"sv": "Format", "en": "Format"},
    "column_kind": {"sv": "Typ", "en": "Kind"},
    "column_sha256": {"sv": "SHA-256", "en": "SHA-256"},
    "column_indicator": {"sv": "Nyckeltal", "en": "Indicator"},
    "column_title": {"sv": "Titel", "en": "Title"},
    "column_unit": {"sv": "Enhet", "en": "Unit"},
    "column_definition": {"sv": "Definition", "en": "Definition"},
    "column_caveats": {"sv": "Förbehåll", "en": "Caveats"},
    "column_table": {"sv": "Tabell", "en": "Table"},
    "column_latest_year": {"sv": "Senaste år", "en": "Latest year"},
    "column_has_preliminary": {"sv": "Preliminära värden", "en": "Preliminary values"},
    "filter_theme": {"sv": "Tema", "en": "Theme"},
    "theme_all": {"sv": "Alla", "en": "All"},
    "theme_crime": {"sv": "Brott", "en": "Crime"},
    "theme_youth": {"sv": "Unga och fritid", "en": "Young people and leisure"},
    "theme_school": {"sv": "Skola", "en": "School"},
    "theme_context": {"sv": "Bakgrund", "en": "Context"},
    "theme_safety": {"sv": "Trygghet", "en": "Safety"},
    "table_kolada_values": {"sv": "Kolada-nyckeltal", "en": "Kolada key figures"},
    "table_crime_counts": {"sv": "Anmälda brott", "en": "Reported offences"},
    "table_population": {"sv": "Folkmängd", "en": "Population"},
    "crime_suppression": {
        "sv": "antal 1–4 visas som <5 och takten per 100 000 och intervallet döljs också; "
        "ett värde som annars kunde räknas fram ur en summa (länet, en överordnad brottstyp) "
        "visas som ..; dolda år ingår inte i förändring, trend, jämförelsegruppens kvartiler "
        "eller rangordningen",
        "en": "counts of 1–4 shown as <5, with their rate per 100 000 and interval hidden too; "
        "a value that could otherwise be worked out from a total (the county, a parent crime "
        "type) shown as ..; hidden years are left out of the change, the trend, the comparison "
        "group's quartiles and the ranking",
    },
    "crime_missing_years": {
        "sv": "{source} saknar värden för {area} {years}.",
        "en": "{source} has no values for {area} in {years}.",
    },
    "crime_suppression_note": {
        "sv": "Skydd av små tal: {years} visas inte (antal 1–4 som <5, värden som kunde räknas "
        "fram ur en summa som ..). Linjen bryts där och visar <5 eller .. vid axeln.",
        "en": "Small-number protection: {years} not shown (counts of 1–4 as <5, values that "
        "could be worked out from a total as ..). The line breaks there and shows <5 or .. at the axis.",
    },
    "crime_summary_value": {
        "sv": "{area} {year}: {value} {unit}.",
        "en": "{area} {year}: {value} {unit}.",
    },
    "crime_summary_hidden_primary": {
        "sv": "{area} {year}: färre än 5 anmälda brott (<5). Antal 1–4 visas inte, och inte "
        "heller takten per 100 000 som skulle avslöja dem.",
        "en": "{area} {year}: fewer than 5 reported offences (<5). Counts of 1–4 are not "
        "shown, nor the rate per 100 000 that would reveal them.",
    },
    "crime_summary_hidden_secondary": {
        "sv": "{area} {year}: .. – värdet döljs så att ett dolt litet antal inte kan räknas "
        "fram ur en summa.",
        "en": "{area} {year}: .. – the value is hidden so that a hidden small count cannot be "
        "worked out from a total.",
    },
    "change_across_break": {
        "sv": "Ingen förändring mot året före: åren ligger på var sin sida om seriebrottet {year}.",
        "en": "No change from the year before: the two years lie on either side of the series "
        "break in {year}.",
    },
    "crime_change_hidden": {
        "sv": "Förändringen mot året före beräknas inte: den skulle bygga på ett dolt antal.",
        "en": "The change from the year before is not computed: it would rest on a hidden count.",
    },
    "trend_hidden": {
        "sv": "Ingen trend beräknas: minst ett år i perioden har ett dolt antal, och trenden "
        "skulle kunna avslöja det.",
        "en": "No trend is computed: at least one year in the period has a hidden count, and "
        "the trend could reveal it.",
    },
    "ranking_hidden": {
        "sv": "Rangordnas inte {year} (värdet döljs, skydd av små tal): {names}.",
        "en": "Not ranked in {year} (value hidden, small-number protection): {names}.",
    },
    "ranking_own_hidden": {
        "sv": "{area} rangordnas inte {year}: värdet döljs (skydd av små tal).",
        "en": "{area} is not ranked in {year}: its value is hidden (small-number protection).",
    },
    "column_suppressed": {
        "sv": "Visas inte (<5 = antal 1–4, .. = kan räknas fram ur en summa)",
        "en": "Not shown (<5 = count 1–4, .. = could be worked out from a total)",
    },
    "card_hidden_primary": {
        "sv": "Färre än 5 händelser {year} (<5): värdet visas inte (skydd av små tal).",
        "en": "Fewer than 5 events in {year} (<5): the value is not shown (small-number "
        "protection).",
    },
    "card_hidden_secondary": {
        "sv": "Värdet {year} döljs (..) så att ett litet antal inte kan räknas fram ur en summa.",
        "en": "The {year} value is hidden (..) so that a small count cannot be worked out from a "
        "total.",
    },
}

# Each domain keeps its messages in its own module (keys prefixed with the domain), merged
# here: MESSAGES.update(...) lines below, one per module.


def language() -> str:
    """The session's language: the sidebar choice, else the `lang` URL parameter, else sv."""
    chosen = st.session_state.get(LANGUAGE_KEY) or st.query_params.get(LANGUAGE_KEY, "sv")
    return chosen if chosen in LANGUAGES else "sv"


def in_language(column: str, lang: str | None = None) -> str:
    """The column of a metadata table in the session's language: `column` holds the Swedish
    text (licence, publisher, attribution), `<column>_en` the English."""
    return f"{column}_en" if (lang or language()) == "en" else column


def t(key: str, **values: object) -> str:
    """The message `key` in the session's language, with placeholders filled."""
    text = MESSAGES[key][language()]
    return text.format(**values) if values else text


# Babel's locales, whose CLDR plural rules pick a message's form.
PLURAL_LOCALES = {"sv": Locale.parse("sv_SE"), "en": Locale.parse("en_GB")}


def tn(key: str, n: int, **values: object) -> str:
    """The message `<key>_one` or `<key>_other` chosen by the language's plural rule for `n`
    (CLDR, through Babel), with placeholders filled."""
    form = PLURAL_LOCALES[language()].plural_form(n)
    chosen = f"{key}_{form}" if f"{key}_{form}" in MESSAGES else f"{key}_other"
    return t(chosen, **values)


def pick(frame_row: object, column_stem: str) -> str:
    """The `<stem>_sv` or `<stem>_en` field of a metadata row, in the session's language."""
    return getattr(frame_row, f"{column_stem}_{language()}")


from ui.messages_safety import MESSAGES as _SAFETY_MESSAGES

MESSAGES.update(_SAFETY_MESSAGES)

from ui.messages_youth import MESSAGES as _YOUTH_MESSAGES

MESSAGES.update(_YOUTH_MESSAGES)

from ui.messages_est import MESSAGES as _EST_MESSAGES

MESSAGES.update(_EST_MESSAGES)
