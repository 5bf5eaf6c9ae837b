"""Messages of the page "Unga, ANDT och riskfaktorer" (Stockholmsenkäten), Swedish and English.

Keys start with "youth_"; ui/i18n.py merges this catalogue into its own.
"""

MESSAGES: dict[str, dict[str, str]] = {
    "youth_page_title": {
        "sv": "Unga, ANDT och riskfaktorer",
        "en": "Young people, ATOD and risk factors",
    },
    "youth_intro": {
        "sv": "Stockholmsenkäten i åk 9 och gymnasiets år 2: tobak, alkohol, narkotika, brott och "
        "trygghet över tid, elevernas risk- och skyddsfaktorer och hur de hänger ihop med utfallen.",
        "en": "Stockholmsenkäten in year 9 and upper-secondary year 2: tobacco, alcohol, drugs, "
        "offences and feeling safe over time, the pupils' risk and protective factors and how they "
        "relate to the outcomes.",
    },
    "youth_example_what": {
        "sv": "elevsvar och resultattabeller ur Stockholmsenkäten (påhittade, nivåer nära Vaxholms "
        "publicerade siffror)",
        "en": "Stockholmsenkäten pupil answers and result tables (invented, levels close to "
        "Vaxholm's published figures)",
    },
    "youth_no_pupils": {
        "sv": "Det finns inga elevsvar i databasen. Importera dem med: python -m data import "
        "stockholmsenkaten FIL",
        "en": "There are no pupil answers in the database. Import them with: python -m data import "
        "stockholmsenkaten FILE",
    },
    # --- filters --------------------------------------------------------------------------
    "youth_filter_outcome": {"sv": "Utfall", "en": "Outcome"},
    "youth_filter_area": {"sv": "Kommun", "en": "Municipality"},
    "youth_filter_grade": {"sv": "Årskurs", "en": "School year"},
    "youth_grade_ak9": {"sv": "Åk 9", "en": "Year 9"},
    "youth_grade_gy2": {"sv": "Gymnasiet år 2", "en": "Upper secondary, year 2"},
    "youth_filter_sex": {"sv": "Kön", "en": "Sex"},
    "youth_sex_alla": {"sv": "Alla", "en": "All"},
    "youth_sex_flickor": {"sv": "Flickor", "en": "Girls"},
    "youth_sex_pojkar": {"sv": "Pojkar", "en": "Boys"},
    "youth_filter_year": {"sv": "Undersökningsår för profilen", "en": "Survey year of the profile"},
    "youth_filter_index": {"sv": "Risk- eller skyddsfaktor", "en": "Risk or protective factor"},
    "youth_filter_scope": {"sv": "Underlag", "en": "Data"},
    "youth_scope_area": {"sv": "{area}, alla år", "en": "{area}, all years"},
    "youth_scope_all": {
        "sv": "Alla kommuner i databasen, alla år",
        "en": "All municipalities in the database, all years",
    },
    # --- outcomes over time ------------------------------------------------------------------
    "youth_trend_heading": {"sv": "{outcome} över tid", "en": "{outcome} over time"},
    "youth_trend_summary": {
        "sv": "{area} {year}: {share} % (95 % KI {lower}–{upper} %, {n} elever); {group}: "
        "{comparison} %.",
        "en": "{area} {year}: {share}% (95% confidence interval {lower}–{upper}%, {n} pupils); {group}: "
        "{comparison}%.",
    },
    "youth_change_summary": {
        "sv": "Förändring {year_before}–{year}: {difference} procentenheter (95 % KI {lower} till "
        "{upper}): {verdict}.",
        "en": "Change {year_before}–{year}: {difference} percentage points (95% confidence interval {lower} to "
        "{upper}): {verdict}.",
    },
    "youth_trend_hidden": {
        "sv": "{count} värden bygger på färre än 30 svarande och visas inte (..).",
        "en": "{count} values rest on fewer than 30 respondents and are not shown (..).",
    },
    "youth_published_note": {
        "sv": "Romberna är verkliga siffror som kommunen eller pressen publicerat (avrundade, utan "
        "antal svarande); de kan inte testas statistiskt.",
        "en": "The diamonds are real figures published by the municipality or the press (rounded, "
        "without the number of respondents); they cannot be tested statistically.",
    },
    "youth_legend_area": {"sv": "{area} (exempeldata)", "en": "{area} (example data)"},
    "youth_legend_area_real": {"sv": "{area}", "en": "{area}"},
    "youth_legend_comparison": {"sv": "{group}, sammanvägt", "en": "{group}, pooled"},
    "youth_legend_published": {
        "sv": "{name}, publicerad siffra",
        "en": "{name}, published figure",
    },
    "youth_axis_share": {"sv": "Andel elever (%)", "en": "Share of pupils (%)"},
    "youth_changes_heading": {
        "sv": "Förändring mellan undersökningarna",
        "en": "Change between the surveys",
    },
    # --- profile -------------------------------------------------------------------------------
    "youth_profile_heading": {
        "sv": "Risk- och skyddsfaktorer {year}",
        "en": "Risk and protective factors {year}",
    },
    "youth_profile_risk": {
        "sv": "Mest förhöjd riskfaktor: {factor} – {share} % av eleverna ligger på förhöjd nivå "
        "(från P75), mot {expected} % i referensen: {verdict}.",
        "en": "Most elevated risk factor: {factor} – {share}% of the pupils are at an elevated "
        "level (from P75), against {expected}% in the reference: {verdict}.",
    },
    "youth_profile_protective": {
        "sv": "Svagaste skyddsfaktor: {factor} – {share} % av eleverna har svagt skydd (under "
        "P15), mot {expected} % i referensen: {verdict}.",
        "en": "Weakest protective factor: {factor} – {share}% of the pupils have weak protection "
        "(below P15), against {expected}% in the reference: {verdict}.",
    },
    "youth_profile_small": {
        "sv": "Färre än 30 elever i urvalet: profilen visas inte.",
        "en": "Fewer than 30 pupils in the selection: the profile is not shown.",
    },
    "youth_verdict_above": {"sv": "fler än i referensen", "en": "more than the reference"},
    "youth_verdict_below": {"sv": "färre än i referensen", "en": "fewer than the reference"},
    "youth_verdict_no_certain_difference": {
        "sv": "ingen säker skillnad",
        "en": "no certain difference",
    },
    "youth_profile_method": {
        "sv": "Så beräknas profilen (som RISE gör): svaren kodas om enligt RISE, och varje elev "
        "som besvarat minst 5 av indexets frågor får ett Rasch-värde (partial credit-modell, "
        "Warms viktade skattning) med RISE:s publicerade frågeparametrar. Nivåerna sätts vid "
        "RISE:s gränsvärden, percentiler i RISE:s referenspopulation (Stockholms stad "
        "2006–2020): riskfaktorer från P75 något förhöjd och från P90 förhöjd (där 25 % och "
        "10 %), skyddsfaktorer under P15 svagt och från P85 starkt skydd (15 % vardera). "
        "Andelarna räknas bland elever med ett värde; elever med färre svar redovisas som "
        "otillräckliga svar.",
        "en": "How the profile is computed (as RISE does): answers are recoded as RISE does, and "
        "every pupil who answered at least 5 of the index's questions gets a Rasch location "
        "(partial credit model, Warm's weighted likelihood estimate) from RISE's published item "
        "parameters. Levels are set at RISE's cut-offs, percentiles of RISE's reference "
        "population (City of Stockholm 2006–2020): risk factors somewhat elevated from P75 and "
        "elevated from P90 (25 % and 10 % there), protective factors weak below P15 and strong "
        "from P85 (15 % each). Shares are of the pupils with a location; pupils with fewer "
        "answers are shown as insufficient answers.",
    },
    "youth_profile_clustering": {
        "sv": "Intervallen och bedömningarna tar hänsyn till att eleverna går i samma skolor: "
        "elever i en skola liknar varandra mer än elever i olika skolor, så andelen varierar "
        "mer än om eleverna vore oberoende. Skolan finns inte i data, så en försiktig "
        "designeffekt används, som om upp till {pupils} elever i en skola delar skolans "
        "inverkan (intraklasskorrelation {icc}); i det här urvalet {deff_range}. Intervallet "
        "är därför bredare än för oberoende elever. Skillnaden mot referensen testas med samma "
        "designeffekt, i en fördelning där en enda skola kan dra andelen långt uppåt "
        "(beta-binomial), och tabellens 14 bedömningar (förhöjd nivå och P90/P85 för sju "
        "faktorer) är justerade för att de görs samtidigt (Holm).",
        "en": "The intervals and verdicts allow for pupils attending the same schools: pupils "
        "of one school are more alike than pupils of different schools, so the share varies "
        "more than if the pupils were independent. The school is not in the data, so a cautious "
        "design effect is used, as if up to {pupils} pupils of one school shared the school's "
        "influence (intraclass correlation {icc}); in this selection {deff_range}. The "
        "interval is therefore wider than for independent pupils. The difference from the "
        "reference is tested with the same design effect, in a distribution where a single "
        "school can pull the share far up (beta-binomial), and the table's 14 verdicts (elevated "
        "level and P90/P85 for seven factors) are adjusted for being made together (Holm).",
    },
    "youth_profile_deff_range": {
        "sv": "är designeffekten {low}–{high}: intervallet motsvarar {low_n}–{high_n} oberoende "
        "elever",
        "en": "the design effect is {low}–{high}: the interval corresponds to {low_n}–{high_n} "
        "independent pupils",
    },
    "youth_profile_axis": {
        "sv": "Andel på förhöjd nivå / med svagt skydd (%)",
        "en": "Share at an elevated level / with weak protection (%)",
    },
    "youth_profile_tick_note": {
        "sv": "Staplarna visar andelen med 95 % konfidensintervall; det svarta strecket är den "
        "förväntade andelen enligt referensen.",
        "en": "The bars show the share with its 95 % confidence interval; the black tick is the "
        "share expected from the reference.",
    },
    "youth_legend_risk": {"sv": "Riskfaktor, från P75", "en": "Risk factor, from P75"},
    "youth_legend_protective": {
        "sv": "Skyddsfaktor, svagt skydd (under P15)",
        "en": "Protective factor, weak protection (below P15)",
    },
    "youth_legend_expected": {"sv": "Förväntat (referensen)", "en": "Expected (reference)"},
    "youth_type_risk": {"sv": "riskfaktor", "en": "risk factor"},
    "youth_type_protective": {"sv": "skyddsfaktor", "en": "protective factor"},
    # --- outcome by level ------------------------------------------------------------------
    "youth_levels_heading": {
        "sv": "Utfall efter nivå av risk- eller skyddsfaktor",
        "en": "Outcome by level of a risk or protective factor",
    },
    "youth_levels_summary": {
        "sv": "{outcome}: {high_share} % bland elever på nivån ”{high_level}” och {low_share} % på "
        "nivån ”{low_level}” ({scope}).",
        "en": "{outcome}: {high_share}% among pupils at the level “{high_level}” and {low_share}% "
        "at the level “{low_level}” ({scope}).",
    },
    "youth_levels_waves_left_out": {
        "sv": "Vågor där trenden döljer ett värde (färre än 30 svarande) ingår inte här eller i "
        "sambanden nedan, för någon kommun: {waves}. Annars skulle summan minus de visade "
        "vågorna ge det dolda värdet.",
        "en": "Waves in which the trend hides a value (fewer than 30 respondents) are left out "
        "here and in the associations below, for every municipality: {waves}. Otherwise the sum "
        "minus the shown waves would give the hidden value.",
    },
    "youth_level_low": {"sv": "Låg", "en": "Low"},
    "youth_level_somewhat_elevated": {"sv": "Något förhöjd", "en": "Somewhat elevated"},
    "youth_level_elevated": {"sv": "Förhöjd", "en": "Elevated"},
    "youth_level_weak": {"sv": "Svagt skydd", "en": "Weak protection"},
    "youth_level_medium": {"sv": "Medel", "en": "Medium"},
    "youth_level_strong": {"sv": "Starkt skydd", "en": "Strong protection"},
    "youth_level_insufficient": {"sv": "Otillräckliga svar", "en": "Insufficient answers"},
    "youth_levels_axis": {"sv": "Andel med utfallet (%)", "en": "Share with the outcome (%)"},
    # --- model -------------------------------------------------------------------------------
    "youth_model_heading": {
        "sv": "Vad hänger ihop med utfallet?",
        "en": "What goes together with the outcome?",
    },
    "youth_model_reading": {
        "sv": "Elever med {concern} har {ratio} gånger så höga odds för ”{outcome}” som andra "
        "elever (95 % KI {lower}–{upper}) – ett samband, inte ett bevisat orsakssamband.",
        "en": "Pupils with {concern} have {ratio} times the odds of “{outcome}” of other pupils "
        "(95% confidence interval {lower}–{upper}) – an association, not a proven cause.",
    },
    "youth_concern_risk": {"sv": "förhöjd risk ({factor})", "en": "elevated risk ({factor})"},
    "youth_concern_protective": {
        "sv": "svagt skydd ({factor})",
        "en": "weak protection ({factor})",
    },
    "youth_model_note": {
        "sv": "Logistisk regression (scikit-learn) av utfallet på alla faktorer samtidigt, {sex}. "
        "Underlag: {scope}, {n} elever, varav {events} med utfallet. Oddskvoten jämför elever på "
        "förhöjd nivå (riskfaktorer från P75) eller med svagt skydd (skyddsfaktorer under P15) "
        "med övriga. Faktorer som delar frågor med utfallet ingår inte.",
        "en": "Logistic regression (scikit-learn) of the outcome on all factors at once, {sex}. "
        "Data: {scope}, {n} pupils, {events} of them with the outcome. The odds ratio compares "
        "pupils at an elevated level (risk factors from P75) or with weak protection (protective "
        "factors below P15) with the others. Factors sharing questions with the outcome are left "
        "out.",
    },
    "youth_model_adjusted": {"sv": "justerad för kön", "en": "adjusted for sex"},
    "youth_model_one_sex": {"sv": "bara {sex}", "en": "{sex} only"},
    "youth_model_unavailable": {
        "sv": "För få elever med (eller utan) utfallet för att skatta sambanden; minst 10 behövs.",
        "en": "Too few pupils with (or without) the outcome to estimate the associations; at "
        "least 10 are needed.",
    },
    "youth_model_dropped": {
        "sv": "Utelämnade (ingen variation eller en tom cell): {terms}.",
        "en": "Left out (no variation or an empty cell): {terms}.",
    },
    "youth_model_axis": {
        "sv": "Oddskvot (logaritmisk skala; 1 = inget samband)",
        "en": "Odds ratio (log scale; 1 = no association)",
    },
    "youth_term_girl": {"sv": "flicka (jämfört med pojke)", "en": "girl (compared with boy)"},
    # --- short factor names for sentences ------------------------------------------------------
    "youth_factor_rise_utagerande": {"sv": "utagerande beteende", "en": "acting-out behaviour"},
    "youth_factor_rise_skola_negativ": {
        "sv": "negativ skolmiljö",
        "en": "negative school climate",
    },
    "youth_factor_rise_psyk_som_besv": {
        "sv": "psykiska och psykosomatiska besvär",
        "en": "psychological and psychosomatic complaints",
    },
    "youth_factor_rise_parenting": {
        "sv": "brister i föräldraskap",
        "en": "parenting problems",
    },
    "youth_factor_rise_community": {
        "sv": "svag social kontroll i bostadsområdet",
        "en": "weak social control in the neighbourhood",
    },
    "youth_factor_rise_skola_positiv": {
        "sv": "positiv skolmiljö",
        "en": "positive school climate",
    },
    "youth_factor_rise_wellbeing": {"sv": "välbefinnande", "en": "well-being"},
    # --- the unit of RISE's index indicators ---------------------------------------------------
    # The one key without the youth_ prefix: "Data och källor" labels every indicator's unit as
    # unit_<unit>, and the schema's unit 'index' is used only by these indicators.
    "unit_index": {
        "sv": "indexpoäng (0–1) och andel elever per nivå",
        "en": "index score (0–1) and share of pupils per level",
    },
    # --- table columns ----------------------------------------------------------------------
    "youth_column_share": {"sv": "Andel (%)", "en": "Share (%)"},
    "youth_column_n": {"sv": "Antal svarande", "en": "Respondents"},
    "youth_column_comparison": {
        "sv": "Jämförelsekommuner, sammanvägt (%)",
        "en": "Comparison municipalities, pooled (%)",
    },
    "youth_column_comparison_n": {
        "sv": "Jämförelsekommuner, antal svarande",
        "en": "Comparison municipalities, respondents",
    },
    "youth_column_published": {"sv": "Publicerad siffra (%)", "en": "Published figure (%)"},
    "youth_column_source_url": {"sv": "Källa (webbadress)", "en": "Source (web address)"},
    "youth_column_year_before": {"sv": "Från år", "en": "From year"},
    "youth_column_share_before": {"sv": "Andel före (%)", "en": "Share before (%)"},
    "youth_column_share_after": {"sv": "Andel efter (%)", "en": "Share after (%)"},
    "youth_column_difference": {
        "sv": "Skillnad (procentenheter)",
        "en": "Difference (percentage points)",
    },
    "youth_column_p_value": {"sv": "p-värde", "en": "p-value"},
    "youth_column_verdict": {"sv": "Bedömning", "en": "Verdict"},
    "youth_column_priority": {"sv": "Prioritet", "en": "Priority"},
    "youth_column_factor": {"sv": "Faktor", "en": "Factor"},
    "youth_column_type": {"sv": "Typ", "en": "Type"},
    "youth_column_pupils": {"sv": "Elever", "en": "Pupils"},
    "youth_column_flagged_share": {
        "sv": "Förhöjd nivå / svagt skydd (%)",
        "en": "Elevated level / weak protection (%)",
    },
    "youth_column_flagged_expected": {
        "sv": "Förväntat enligt referensen (%)",
        "en": "Expected from the reference (%)",
    },
    "youth_column_top_share": {
        "sv": "Förhöjd (P90) / starkt skydd (P85) (%)",
        "en": "Elevated (P90) / strong protection (P85) (%)",
    },
    "youth_column_top_expected": {
        "sv": "Förväntat, P90 / P85 (%)",
        "en": "Expected, P90 / P85 (%)",
    },
    "youth_column_rise_lower": {
        "sv": "RISE:s gräns P75 / P15 (logit)",
        "en": "RISE's cut-off P75 / P15 (logit)",
    },
    "youth_column_rise_upper": {
        "sv": "RISE:s gräns P90 / P85 (logit)",
        "en": "RISE's cut-off P90 / P85 (logit)",
    },
    "youth_column_p_adjusted": {
        "sv": "p-värde, justerat för tabellens 14 jämförelser (Holm)",
        "en": "p-value, adjusted for the table's 14 comparisons (Holm)",
    },
    "youth_column_design_effect": {
        "sv": "Designeffekt (skolor)",
        "en": "Design effect (schools)",
    },
    "youth_column_top_lower": {
        "sv": "Nedre gräns, P90 / P85 (%)",
        "en": "Lower limit, P90 / P85 (%)",
    },
    "youth_column_top_upper": {
        "sv": "Övre gräns, P90 / P85 (%)",
        "en": "Upper limit, P90 / P85 (%)",
    },
    "youth_column_top_verdict": {
        "sv": "Bedömning, P90 / P85",
        "en": "Verdict, P90 / P85",
    },
    "youth_column_top_p_adjusted": {
        "sv": "p-värde P90 / P85, justerat (Holm)",
        "en": "p-value P90 / P85, adjusted (Holm)",
    },
    "youth_column_insufficient_share": {
        "sv": "Otillräckliga svar (% av eleverna)",
        "en": "Insufficient answers (% of the pupils)",
    },
    "youth_column_level": {"sv": "Nivå", "en": "Level"},
    "youth_column_positives": {"sv": "Antal med utfallet", "en": "With the outcome"},
    "youth_column_odds_ratio": {"sv": "Oddskvot", "en": "Odds ratio"},
    "youth_column_n_flagged": {
        "sv": "Elever på förhöjd nivå / med svagt skydd",
        "en": "Pupils at an elevated level / with weak protection",
    },
    "youth_column_events_flagged": {"sv": "Av dem med utfallet", "en": "Of them with the outcome"},
}
