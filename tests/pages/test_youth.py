"""Unga, ANDT och riskfaktorer: filters by key and in the URL, what the user reads, real
published points beside the example series, the small-number rule, the model's reading."""

import math
import re

from tests.pages.conftest import app, numbers, table, texts

PAGE = "pages/youth.py"
# The trend table's column headings (Swedish).
AREA, YEAR, SHARE, RESPONDENTS = "Område", "År", "Andel (%)", "Antal svarande"
PUBLISHED_URL = (
    "https://www.vaxholm.se/allanyheter/nyhetsarkiv/"
    "stockholmsenkatensamarvaxholmsunga.5.ef4ba7d1849a2f55db117d6.html"
)


def trend(test):
    return numbers(table(test, "Källa (webbadress)"))


def published(test) -> dict[tuple[str, int], float]:
    rows = trend(test)
    rows = rows[rows[AREA].str.endswith("publicerad siffra")]
    return {(area, int(year)): share for area, year, share in rows[[AREA, YEAR, SHARE]].values}


def test_default_view_reads_as_a_summary_with_certainty() -> None:
    test = app(PAGE)
    assert not test.exception
    assert test.selectbox(key="youth_outcome").value == "sthlm_narkotika_nagon_gang"
    assert test.selectbox(key="youth_area").value == "0187"
    assert test.radio(key="youth_grade").value == "ak9"
    assert test.radio(key="youth_sex").value == "alla"
    assert test.selectbox(key="youth_year").value == "2024"
    shown = texts(test)
    assert "Har någon gång använt narkotika över tid" in shown
    assert re.search(
        r"Vaxholm 2024: \d+,\d % \(95 % KI \d+,\d–\d+,\d %, \d+ elever\); "
        r"Jämförbara grannkommuner: \d+,\d %\.",
        shown,
    )
    assert re.search(
        r"Förändring 2022–2024: [+−±]\d+,\d procentenheter \(95 % KI [+−]\d+,\d till [+−]\d+,\d\): "
        r"(ökning|minskning|ingen säker förändring)\.",
        shown,
    )
    warnings = " ".join(w.value for w in test.warning)
    assert "exempeldata" in warnings.lower() and "Stockholmsenkäten" in warnings
    assert "Källa: Stockholmsenkäten: publicerade siffror." in shown
    assert "Källa: RISE: risk- och skyddsindex för Stockholmsenkäten. Licens: CC BY 4.0." in shown
    assert "– ett samband, inte ett bevisat orsakssamband." in shown
    # Vaxholm published that 85 % (2008) and 91 % (2018) had never tried drugs: shown as the
    # 15 % and 9 % who have.
    assert published(test) == {
        ("Vaxholm, publicerad siffra", 2008): 15.0,
        ("Vaxholm, publicerad siffra", 2018): 9.0,
    }


def test_sex_filter_shows_the_published_2022_figures_and_goes_into_the_url() -> None:
    test = app(PAGE)
    test.radio(key="youth_sex").set_value("pojkar").run()
    assert test.query_params["youth_sex"] == "pojkar"
    # Vaxholm's article 2022-11-23: boys in year 9, 16 % (county 14 %).
    assert published(test) == {
        ("Region Stockholm, publicerad siffra", 2022): 14.0,
        ("Vaxholm, publicerad siffra", 2022): 16.0,
    }
    rows = trend(test)
    assert set(rows.loc[rows[AREA].str.endswith("publicerad siffra"), "Källa (webbadress)"]) == {
        PUBLISHED_URL
    }
    # Flags read as the table writes them: ja/nej.
    assert (rows.loc[rows[AREA] == "Vaxholm (exempeldata)", "Exempeldata"] == "ja").all()
    assert (rows.loc[rows[AREA].str.endswith("publicerad siffra"), "Exempeldata"] == "nej").all()
    assert "Romberna är verkliga siffror" in texts(test)


def test_upper_secondary_shows_its_published_figure() -> None:
    test = app(PAGE)
    test.radio(key="youth_grade").set_value("gy2").run()
    assert test.query_params["youth_grade"] == "gy2"
    assert published(test) == {("Vaxholm, publicerad siffra", 2022): 24.0}
    assert re.search(r"Vaxholm 2024: \d+,\d %", texts(test))


def test_shared_url_recreates_the_view() -> None:
    test = app(PAGE, youth_outcome="sthlm_nykter", youth_year="2018", youth_area="0187")
    assert test.selectbox(key="youth_outcome").value == "sthlm_nykter"
    assert test.selectbox(key="youth_year").value == "2018"
    shown = texts(test)
    assert "Dricker inte alkohol över tid" in shown
    assert "Risk- och skyddsfaktorer 2018" in shown
    assert published(test) == {
        ("Vaxholm, publicerad siffra", 2008): 29.0,
        ("Vaxholm, publicerad siffra", 2018): 61.0,
    }


def test_a_year_the_municipality_lacks_falls_back_to_the_latest() -> None:
    test = app(PAGE, youth_year="1999")
    assert test.selectbox(key="youth_year").value == "2024"
    assert not test.exception


def test_area_filter_changes_every_section() -> None:
    test = app(PAGE)
    test.selectbox(key="youth_area").set_value("0160").run()
    shown = texts(test)
    assert "Täby 2024:" in shown
    assert "(Täby, alla år)" in shown
    assert test.query_params["youth_area"] == "0160"


def test_profile_table_prioritises_and_shows_rise_reference() -> None:
    test = app(PAGE)
    profile = numbers(table(test, "Prioritet"))
    assert profile["Prioritet"].tolist() == list(range(1, 8))
    assert len(set(profile["Faktor"])) == 7
    expected = profile["Förväntat enligt referensen (%)"]
    risk = profile["Typ"] == "riskfaktor"
    # RISE's reference population: 25 % from P75, 15 % below P15 (not the database's pupils).
    assert (expected[risk] == 25).all() and (expected[~risk] == 15).all()
    rise = dict(zip(profile["Faktor"], profile["RISE:s gräns P75 / P15 (logit)"], strict=True))
    # RISE's limit 0.446, shown to two decimals.
    assert math.isclose(rise["Riskfaktor: utagerande beteende"], 0.446, abs_tol=0.006)
    assert math.isclose(rise["Skyddsfaktor: välbefinnande"], -0.645, abs_tol=0.006)
    adjusted = profile["p-värde, justerat för tabellens 14 jämförelser (Holm)"]
    assert (adjusted >= profile["p-värde"] - 1e-12).all()
    top_adjusted = profile["p-värde P90 / P85, justerat (Holm)"]
    assert top_adjusted.between(0, 1).all()
    assert set(profile["Bedömning, P90 / P85"]) <= {
        "fler än i referensen",
        "färre än i referensen",
        "ingen säker skillnad",
    }
    assert (
        profile["Nedre gräns, P90 / P85 (%)"] <= profile["Förhöjd (P90) / starkt skydd (P85) (%)"]
    ).all()
    deff = profile["Designeffekt (skolor)"]
    assert (deff > 1).all()
    assert profile["Otillräckliga svar (% av eleverna)"].between(0, 15).all()
    assert set(profile["Bedömning"]) <= {
        "fler än i referensen",
        "färre än i referensen",
        "ingen säker skillnad",
    }
    shown = texts(test)
    assert re.search(r"Mest förhöjd riskfaktor: [a-zåäö ]+ – \d+,\d % av eleverna", shown)
    assert re.search(
        r"Svagaste skyddsfaktor: [a-zåäö ]+ – \d+,\d % av eleverna har svagt skydd", shown
    )
    # What the interval includes: the schools' clustering, with the design effect shown.
    note = re.search(
        r"Intervallen och bedömningarna tar hänsyn till att eleverna går i samma skolor: .*"
        r"som om upp till 120 elever i en skola delar skolans inverkan "
        r"\(intraklasskorrelation 0,10\); i det här urvalet är designeffekten "
        r"(\d+,\d)–(\d+,\d): intervallet motsvarar \d+–\d+ oberoende elever\. .*"
        r"tabellens 14 bedömningar .* är justerade för att de görs samtidigt \(Holm\)\.",
        shown,
    )
    assert note, shown
    low, high = (float(value.replace(",", ".")) for value in note.groups())
    assert low - 0.05 <= deff.min() <= deff.max() <= high + 0.05
    assert "minst 5 av indexets frågor" in shown


def test_levels_with_fewer_than_30_pupils_are_not_shown() -> None:
    test = app(PAGE, youth_sex="pojkar", youth_index="rise_community")
    levels = table(test, "Nivå")
    levels["Andel (%)"] = numbers(levels)["Andel (%)"]
    # Pupils with too few answers are a level of their own, never dropped.
    assert levels["Nivå"].tolist() == ["Låg", "Något förhöjd", "Förhöjd", "Otillräckliga svar"]
    pupils = levels["Elever"].map(lambda text: 0 if text == "<5" else int(text))
    small = pupils < 30
    assert small.any()
    # The share is not shown and the count says why: ".." (hidden), as in the downloads.
    assert levels.loc[small, "Andel (%)"].isna().all()
    assert (levels.loc[small, "Antal med utfallet"] == "..").all()
    assert levels.loc[~small, "Andel (%)"].notna().all()
    assert levels.loc[~small, "Antal med utfallet"].str.fullmatch(r"\d+|<5|-").all()


def test_one_small_level_does_not_stand_alone_as_the_trend_total_minus_the_others() -> None:
    # Vaxholm åk 9, all pupils: only "Otillräckliga svar" has fewer than 30 pupils. The trend
    # gives the levels' total (the sum of the waves), so its count was that total minus the
    # shown levels; another level is hidden with it (".."), though it has 30 or more pupils.
    test = app(PAGE)
    levels = table(test, "Nivå").set_index("Nivå")
    assert levels.loc["Otillräckliga svar", "Antal med utfallet"] == ".."
    hidden = levels[levels["Antal med utfallet"] == ".."]
    assert len(hidden) >= 2
    assert hidden["Elever"].map(lambda text: text != "<5" and int(text) >= 30).any()


def test_protective_factor_levels_and_the_model_scope() -> None:
    test = app(PAGE)
    test.selectbox(key="youth_index").set_value("rise_skola_positiv").run()
    shown = texts(test)
    assert "på nivån ”Svagt skydd”" in shown and "på nivån ”Starkt skydd”" in shown
    test.radio(key="youth_scope").set_value("all").run()
    assert test.query_params["youth_scope"] == "all"
    note = next(caption.value for caption in test.caption if caption.value.startswith("Logistisk"))
    match = re.search(
        r"Underlag: Alla kommuner i databasen, alla år, (\d+) elever, varav (\d+)", note
    )
    assert match and int(match.group(1)) > 10_000
    odds = table(test, "Oddskvot")
    assert odds["Faktor"].iloc[-1] == "flicka (jämfört med pojke)"
    estimates = odds["Oddskvot"].iloc[:-1]
    assert estimates.is_monotonic_decreasing
    assert (odds["Nedre gräns (95 %)"] < odds["Oddskvot"]).all()


def test_model_for_one_sex_is_not_adjusted_for_sex() -> None:
    test = app(PAGE, youth_sex="flickor")
    odds = table(test, "Oddskvot")
    assert "flicka (jämfört med pojke)" not in set(odds["Faktor"])
    assert "bara flickor" in texts(test)


def test_outcome_asked_from_2020_has_no_earlier_waves() -> None:
    test = app(PAGE, youth_outcome="sthlm_e_cigaretter")
    rows = trend(test)
    assert int(rows[YEAR].min()) == 2020
    assert "Röker e-cigaretter dagligen eller ibland över tid" in texts(test)


def test_english_labels_and_number_format() -> None:
    test = app(PAGE, lang="en")
    shown = texts(test)
    assert test.title[0].value == "Young people, ATOD and risk factors"
    assert re.search(
        r"Vaxholm 2024: \d+\.\d% \(95% confidence interval \d+\.\d–\d+\.\d%, \d+ pupils\)", shown
    )
    assert "– an association, not a proven cause." in shown
    assert re.search(
        r"The intervals and verdicts allow for pupils attending the same schools: .* as if up "
        r"to 120 pupils of one school shared the school's influence \(intraclass correlation "
        r"0\.10\); in this selection the design effect is \d+\.\d–\d+\.\d: the interval "
        r"corresponds to \d+–\d+ independent pupils\.",
        shown,
    )
    assert "elever" not in shown
    rows = table(test, "Source (web address)")
    assert {"Area", "Year", "Share (%)", "Respondents"} <= set(rows.columns)
