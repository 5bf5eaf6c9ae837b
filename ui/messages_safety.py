"""Messages of the safety-survey page (Trygghet), Swedish and English; merged into ui.i18n."""

MESSAGES: dict[str, dict[str, str]] = {
    "safety_page_title": {"sv": "Trygghet", "en": "Safety"},
    "safety_intro": {
        "sv": "Trygghetsundersökningar över tid: andel (%) med 95 % konfidensintervall, per grupp "
        "och område. Vaxholm jämförs med lokalpolisområdet, polisregionen, länet och riket.",
        "en": "Safety surveys over time: share (%) with 95 % confidence intervals, by group and "
        "area. Vaxholm is compared with its local police area, the police region, the county "
        "and Sweden.",
    },
    # --- filters -----------------------------------------------------------------------------
    "safety_filter_indicator": {"sv": "Fråga", "en": "Question"},
    "safety_filter_group": {"sv": "Grupp", "en": "Group"},
    "safety_filter_areas": {"sv": "Områden", "en": "Areas"},
    "safety_single_year": {
        "sv": "Bara ett år finns för den här frågan: {year}.",
        "en": "Only one year is available for this question: {year}.",
    },
    "safety_choose_area": {
        "sv": "Välj minst ett område.",
        "en": "Choose at least one area.",
    },
    # --- groups, areas, surveys --------------------------------------------------------------
    "safety_group_all": {"sv": "Alla", "en": "All"},
    "safety_group_women": {"sv": "Kvinnor", "en": "Women"},
    "safety_group_men": {"sv": "Män", "en": "Men"},
    "safety_group_age_16_29": {"sv": "16–29 år", "en": "Aged 16–29"},
    "safety_group_age_30_64": {"sv": "30–64 år", "en": "Aged 30–64"},
    "safety_group_age_65_85": {"sv": "65–85 år", "en": "Aged 65–85"},
    "safety_group_year9": {"sv": "Åk 9", "en": "Year 9"},
    "safety_group_year9_girls": {"sv": "Åk 9, flickor", "en": "Year 9, girls"},
    "safety_group_year9_boys": {"sv": "Åk 9, pojkar", "en": "Year 9, boys"},
    "safety_group_upper2": {"sv": "Gymnasiet år 2", "en": "Upper secondary year 2"},
    "safety_group_upper2_girls": {
        "sv": "Gymnasiet år 2, flickor",
        "en": "Upper secondary year 2, girls",
    },
    "safety_group_upper2_boys": {
        "sv": "Gymnasiet år 2, pojkar",
        "en": "Upper secondary year 2, boys",
    },
    "safety_group_girls": {"sv": "Flickor", "en": "Girls"},
    "safety_group_boys": {"sv": "Pojkar", "en": "Boys"},
    "safety_area_lpo": {"sv": "LPO Södra Roslagen", "en": "Local police area Södra Roslagen"},
    "safety_area_region": {"sv": "Polisregion Stockholm", "en": "Police region Stockholm"},
    "safety_area_county": {"sv": "Stockholms län", "en": "Stockholm County"},
    "safety_area_riket": {"sv": "Riket", "en": "Sweden"},
    "safety_area_other_islands": {"sv": "Övriga öar", "en": "Other islands"},
    "safety_survey_trygghetsmatning": {
        "sv": "Polisens trygghetsmätning",
        "en": "Police safety survey",
    },
    "safety_survey_ntu": {
        "sv": "Brås Nationella trygghetsundersökning (NTU)",
        "en": "Brå's Swedish Crime Survey (NTU)",
    },
    "safety_survey_medborgarundersokning": {
        "sv": "Länsstyrelsens medborgarundersökning",
        "en": "County Administrative Board's citizen survey",
    },
    "safety_survey_stockholmsenkaten_published": {
        "sv": "Stockholmsenkäten (publicerade siffror)",
        "en": "Stockholmsenkäten (published figures)",
    },
    # --- kinds of value ----------------------------------------------------------------------
    "safety_kind_example": {"sv": "Exempeldata", "en": "Example data"},
    "safety_kind_result": {
        "sv": "Verklig statistik (resultattabell)",
        "en": "Real data (result table)",
    },
    "safety_kind_published": {
        "sv": "Verklig statistik (publicerat värde)",
        "en": "Real data (published figure)",
    },
    "safety_interval_source": {"sv": "källans", "en": "the source's"},
    "safety_interval_wilson": {"sv": "Wilson", "en": "Wilson"},
    "safety_series_example": {"sv": "{area} (exempeldata)", "en": "{area} (example data)"},
    "safety_series_published": {"sv": "{area} (publicerat)", "en": "{area} (published)"},
    # --- summary -----------------------------------------------------------------------------
    "safety_summary": {
        "sv": "{area} {period}: {share} (KI {lower}–{upper}){example}; {change}.",
        "en": "{area} {period}: {share} (confidence interval {lower}–{upper}){example}; {change}.",
    },
    "safety_summary_no_interval": {
        "sv": "{area} {period}: {share} (antal svarande saknas, så inget KI){example}; {change}.",
        "en": "{area} {period}: {share} (respondents unknown, so no confidence interval){example}; {change}.",
    },
    "safety_summary_example": {"sv": ", exempeldata", "en": ", example data"},
    "safety_change_tested": {
        "sv": "jämfört med {period}: {verdict} ({difference} procentenheter, KI {lower} till "
        "{upper})",
        "en": "compared with {period}: {verdict} ({difference} percentage points, confidence interval "
        "{lower} to "
        "{upper})",
    },
    "safety_change_no_counts": {
        "sv": "jämfört med {period}: osäkerheten kan inte beräknas (antal svarande saknas)",
        "en": "compared with {period}: the uncertainty cannot be computed (respondents unknown)",
    },
    "safety_change_series_break": {
        "sv": "jämförs inte med {period}: metoden ändrades däremellan (seriebrott)",
        "en": "not compared with {period}: the method changed in between (series break)",
    },
    "safety_change_first_wave": {
        "sv": "ingen tidigare mätning i urvalet att jämföra med",
        "en": "no earlier wave in the selection to compare with",
    },
    "safety_compare": {
        "sv": "Jämfört med {reference} {period} ({reference_share}): {difference} "
        "procentenheter – {verdict}.",
        "en": "Compared with {reference} {period} ({reference_share}): {difference} "
        "percentage points – {verdict}.",
    },
    "safety_compare_rest": {
        "sv": "Testet jämför {area} med resten av området, eftersom {area} ingår i det.",
        "en": "The test compares {area} with the rest of the area, as {area} is part of it.",
    },
    "safety_compare_higher": {"sv": "säkert högre", "en": "certainly higher"},
    "safety_compare_lower": {"sv": "säkert lägre", "en": "certainly lower"},
    "safety_compare_no_certain": {"sv": "ingen säker skillnad", "en": "no certain difference"},
    "safety_compare_untestable": {
        "sv": "osäkerheten kan inte beräknas (antal svarande saknas)",
        "en": "uncertainty cannot be computed (respondents unknown)",
    },
    # The headline when the first area has a real published value: it leads, the example
    # series' line follows.
    "safety_published_headline": {
        "sv": "{area} {period}: {share} (KI {lower}–{upper}), publicerad uppgift; {source}.",
        "en": "{area} {period}: {share} (confidence interval {lower}–{upper}), published "
        "figure; {source}.",
    },
    "safety_published_headline_no_interval": {
        "sv": "{area} {period}: {share}, publicerad uppgift; {source}.",
        "en": "{area} {period}: {share}, published figure; {source}.",
    },
    "safety_published_source": {"sv": "källa: {name}", "en": "source: {name}"},
    "safety_published_source_link": {
        "sv": "källa: [{name}]({url})",
        "en": "source: [{name}]({url})",
    },
    "safety_hidden_note": {
        "sv": "{count} av cellerna i urvalet visas inte (..), varken i diagram, tabell eller "
        "nedladdning: de har färre än 30 svarande, eller skulle tillsammans med totalen och "
        "de andra delarna avslöja en sådan cell. Antal svarande visas inte heller för dem.",
        "en": "{count} of the cells in this selection are not shown (..), in the chart, the "
        "table or the downloads: they have fewer than 30 respondents, or together with the "
        "total and the other parts would give such a cell away. Their respondent counts are "
        "not shown either.",
    },
    "safety_example_what": {
        "sv": "enkätresultat med antal svarande (polisens trygghetsmätning och NTU)",
        "en": "survey results with respondent counts (police safety survey and NTU)",
    },
    "safety_markers_note": {
        "sv": "Linjer med ringar och band är exempeldata med 95 % konfidensintervall; romber "
        "är verkliga publicerade värden, med ett streck för källans intervall där källan anger "
        "ett (utan antal svarande kan inget intervall räknas fram).",
        "en": "Lines with circles and bands are example data with 95 % confidence intervals; "
        "diamonds are real published values, with a whisker for the source's interval where "
        "the source gives one (without respondent counts no interval can be computed).",
    },
    "safety_series_break_note": {
        "sv": "Seriebrott {year}: metoden ändrades, så nivåer före och efter jämförs inte.",
        "en": "Series break {year}: the method changed, so levels before and after are not "
        "compared.",
    },
    "safety_pooled_note": {
        "sv": "Kommunresultaten bygger på två års svar tillsammans (t.ex. 2023–2024).",
        "en": "Municipal results pool two years of answers (e.g. 2023–2024).",
    },
    "safety_real_source": {
        "sv": "Verkligt värde {period} ({area}): [{host}]({url})",
        "en": "Published value {period} ({area}): [{host}]({url})",
    },
    # --- chart and table ---------------------------------------------------------------------
    "safety_axis_share": {"sv": "Andel (%)", "en": "Share (%)"},
    "safety_legend_kind": {"sv": "Typ av värde", "en": "Kind of value"},
    "safety_column_period": {"sv": "År", "en": "Year"},
    "safety_column_area": {"sv": "Område", "en": "Area"},
    "safety_column_share": {"sv": "Andel (%)", "en": "Share (%)"},
    "safety_column_lower": {"sv": "KI nedre (%)", "en": "Confidence interval, lower (%)"},
    "safety_column_upper": {"sv": "KI övre (%)", "en": "Confidence interval, upper (%)"},
    "safety_column_interval_method": {"sv": "Intervall", "en": "Interval"},
    "safety_column_n": {"sv": "Antal svarande", "en": "Respondents"},
    "safety_column_change": {
        "sv": "Mot föregående mätning",
        "en": "Against the previous wave",
    },
    "safety_column_kind": {"sv": "Typ av värde", "en": "Kind of value"},
    "safety_legend_hidden": {
        "sv": ".. = visas inte (färre än 30 svarande, eller skyddar en sådan cell)",
        "en": ".. = not shown (fewer than 30 respondents, or protects such a cell)",
    },
    "safety_column_mark": {
        "sv": "Visas inte (.. = färre än 30 svar, eller skyddar en sådan cell)",
        "en": "Not shown (.. = fewer than 30 answers, or protects such a cell)",
    },
    "safety_column_series_break": {"sv": "Seriebrott", "en": "Series break"},
    "safety_column_source_url": {"sv": "Källa (webbadress)", "en": "Source (web address)"},
    "safety_column_note": {"sv": "Anmärkning", "en": "Note"},
}
