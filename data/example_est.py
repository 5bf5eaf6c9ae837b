"""Deterministic, seeded example EST reports and insatser (exempeldata), written as the files a
municipality exports and imported by the build through the ordinary importers (example=True).

Three years of reported events (Monday 2023-11-27 to Sunday 2026-11-22, ISO weeks 2023-W48
to 2026-W47) across Vaxholm's areas and places, from several reporting organisations, drawn
day by day from Poisson rates with:
- each area's share of each category (the harbour and centre on Vaxön carry the most);
- seasonality: summer peaks for littering, disorder, alcohol, young people gathering and
  reckless driving (Friday and Saturday evenings at Söderhamnen most of all), a winter peak
  for unsafe places (darkness);
- the evenings that stand out: Valborgsmässoafton, skolavslutning, midsommarafton, nyårsafton;
- a few weeks with a planted spike, and the effects of some of the insatser (see
  PLANTED_EFFECTS): the follow-up on the Insatser page should find them, and find nothing
  where nothing was planted.

The actions serve Vaxholm's medborgarlöften 2023–2026 (focus on children and young people).
Every name of a person, phone number or e-mail address in the free text is invented: phone
numbers are from the range PTS reserves for fiction (070-174 06 05 – 070-174 06 99), e-mail
addresses use example.se. Same seed, same files, byte for byte.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from analytics.est_calendar import MIDSOMMAR, NYAR, SKOLAVSLUTNING, VALBORG, special_days
from data.est_catalog import load_catalog

# Seed of every random draw (Vaxholm's municipality code, as in data/example.py).
SEED = 187
FIRST_DAY = dt.date(2023, 11, 27)
LAST_DAY = dt.date(2026, 11, 22)
EST_FILE_NAME = "exempeldata_est_handelser.csv"
ACTIONS_FILE_NAME = "exempeldata_insatser_medborgarloften.csv"

# Reports per week in the whole municipality, per category, at the yearly average.
CATEGORY_WEEKLY_RATE = {
    "skadegorelse": 3.0,
    "klotter": 2.6,
    "nedskrapning": 2.8,
    "brand": 0.7,
    "ordningsstorning": 3.0,
    "ungdomar": 3.0,
    "alkohol": 2.0,
    "narkotika": 0.7,
    "buskorning": 1.4,
    "otrygg_plats": 1.2,
    "hot_vald": 0.8,
    "incident_personal": 0.5,
    "ovrigt": 1.0,
}
# Each area's share of the reports.
AREA_SHARE = {
    "vaxon": 0.45,
    "rindo": 0.15,
    "resaro": 0.13,
    "kullo": 0.07,
    "bogesundslandet": 0.08,
    "skarpo": 0.04,
    "tynningo": 0.03,
    "ovriga_oar": 0.05,
}
# Category x area departures from the area share (multipliers, renormalised per category).
AREA_CATEGORY_TILT = {
    ("buskorning", "bogesundslandet"): 3.0,
    ("buskorning", "resaro"): 1.8,
    ("buskorning", "vaxon"): 0.6,
    ("nedskrapning", "vaxon"): 1.5,
    ("ordningsstorning", "vaxon"): 1.4,
    ("alkohol", "vaxon"): 1.4,
    ("klotter", "rindo"): 1.5,
    ("brand", "ovriga_oar"): 1.5,
}
# Seasonal amplitude (ratio of the yearly peak to the average) and the day of year of the peak.
SEASONALITY = {
    "nedskrapning": (2.0, 200),
    "ordningsstorning": (1.6, 196),
    "ungdomar": (1.6, 190),
    "alkohol": (1.8, 196),
    "buskorning": (2.0, 190),
    "brand": (1.3, 150),
    "otrygg_plats": (1.8, 355),
    "klotter": (1.2, 280),
}
# Categories whose reports cluster on Friday and Saturday evenings.
WEEKEND_CATEGORIES = ("ordningsstorning", "ungdomar", "alkohol", "narkotika", "hot_vald")
# Monday..Sunday weights for those categories (mean 1) and for the others.
WEEKEND_WEIGHTS = np.array([0.7, 0.7, 0.8, 0.9, 1.6, 1.8, 0.5])
WEEKDAY_WEIGHTS = np.array([1.1, 1.05, 1.0, 1.0, 1.0, 0.95, 0.9])
# Extra factor on Friday and Saturday in June–August on Vaxön (the harbour in summer).
HARBOUR_SUMMER_WEEKEND = 1.8
HARBOUR_CATEGORIES = ("ordningsstorning", "alkohol", "nedskrapning", "ungdomar")
# Multipliers on the day of each special evening, per category.
SPECIAL_DAY_EFFECTS = {
    VALBORG: {
        "brand": 6.0,
        "ordningsstorning": 5.0,
        "alkohol": 6.0,
        "nedskrapning": 4.0,
        "ungdomar": 4.0,
    },
    SKOLAVSLUTNING: {"alkohol": 5.0, "ungdomar": 5.0, "ordningsstorning": 4.0, "narkotika": 3.0},
    MIDSOMMAR: {"alkohol": 5.0, "ordningsstorning": 4.0, "nedskrapning": 3.0, "hot_vald": 2.0},
    NYAR: {"brand": 8.0, "ordningsstorning": 4.0, "skadegorelse": 2.5, "alkohol": 3.0},
}
# Relative change per year (a slow drift), per category.
YEARLY_TREND = {"klotter": -0.06, "narkotika": 0.05}
# Planted spikes: (Monday of the week, area, category, extra reports expected that week).
# Kullö's is 14: with 8 the week drew 6 reports where its cell (0.2 a week) needs 7 for an
# alert under the heavy-tailed predictive (analytics.est.PREDICTIVE_DF); 14 draws 15.
PLANTED_SPIKES = (
    (dt.date(2026, 11, 16), "rindo", "skadegorelse", 7.0),
    (dt.date(2026, 11, 16), "vaxon", "klotter", 6.0),
    (dt.date(2025, 10, 13), "resaro", "brand", 6.0),
    (dt.date(2024, 9, 2), "kullo", "ungdomar", 14.0),
)


@dataclass(frozen=True)
class Action:
    """One generated insats and the effect planted in the counts (1.0 = none)."""

    action_id: str
    title: str
    promise: str
    responsible: tuple[str, ...]
    areas: tuple[str, ...]
    categories: tuple[str, ...]
    start: dt.date
    end: dt.date | None
    status: str
    follow_up: str
    effect: float
    # Whether the effect lasts after the end date (lasting changes such as new lighting).
    effect_lasts: bool = False


PROMISE_ADULTS = "Medborgarlöfte 2023–2026: Fler vuxna ute där unga samlas"
PROMISE_PLACES = "Medborgarlöfte 2023–2026: Tryggare hamn och knutpunkter"
PROMISE_DRUGS = "Medborgarlöfte 2023–2026: Unga ska inte få tag på alkohol och narkotika"
# An action planned to start in 2027 belongs to the next period's promise, not to 2023–2026.
PROMISE_ADULTS_NEXT = "Medborgarlöfte 2027–2030: Fler vuxna ute där unga samlas"
ALL_AREAS = tuple(AREA_SHARE)
ACTIONS = (
    Action(
        "INS-2025-01",
        "Trygghetsskapande polispatruller vid Söderhamnen fredag och lördag kväll",
        PROMISE_PLACES,
        ("polisen", "kommunen_trygghet"),
        ("vaxon",),
        ("ordningsstorning", "alkohol", "ungdomar"),
        dt.date(2025, 5, 2),
        None,
        "pågår",
        "Patrull 20–02 fredag och lördag; avstämning varje månad i EST-gruppen.",
        0.6,
    ),
    Action(
        "INS-2024-03",
        "Ny belysning och snabb klotterborttagning vid Rindö hamn",
        PROMISE_PLACES,
        ("kommunen_gata_park", "kommunen_fastighet"),
        ("rindo",),
        ("klotter", "skadegorelse", "otrygg_plats"),
        dt.date(2024, 10, 1),
        dt.date(2024, 12, 20),
        "uppföljd",
        "Belysningen klar i december; klotter sanerat inom 24 timmar. Frågor: trygghet@example.se.",
        0.5,
        effect_lasts=True,
    ),
    Action(
        "INS-2024-05",
        "Nattvandring med föräldrar på Resarö fredagskvällar",
        PROMISE_ADULTS,
        ("kommunen_trygghet", "allmanheten"),
        ("resaro",),
        ("ungdomar", "alkohol"),
        dt.date(2024, 8, 16),
        dt.date(2025, 6, 27),
        "genomförd",
        "Sex till tio vuxna per kväll. Samordnare nås på 070-174 06 42.",
        1.0,
    ),
    Action(
        "INS-2025-02",
        "Föräldramöten och kampanj mot langning inför valborg och skolavslutning",
        PROMISE_DRUGS,
        ("kommunen", "skola", "polisen"),
        ALL_AREAS,
        ("alkohol", "narkotika"),
        dt.date(2025, 3, 3),
        dt.date(2025, 6, 30),
        "genomförd",
        "Föräldramöten i årskurs 7–9 på alla skolor; affischer i kollektivtrafiken.",
        1.0,
    ),
    Action(
        "INS-2025-04",
        "Mopedkontroller och samtal med unga om buskörning",
        PROMISE_ADULTS,
        ("polisen", "faltassistenter"),
        ("bogesundslandet", "resaro"),
        ("buskorning",),
        dt.date(2025, 5, 26),
        dt.date(2025, 9, 28),
        "uppföljd",
        "Kontroller två kvällar i veckan under sommaren.",
        0.5,
    ),
    Action(
        "INS-2026-03",
        "Trygghetsvandring och åtgärdslista för otrygga platser på Vaxön",
        PROMISE_PLACES,
        ("kommunen_trygghet", "bostadsbolag", "polisen"),
        ("vaxon",),
        ("otrygg_plats",),
        dt.date(2026, 10, 5),
        None,
        "pågår",
        "Vandring genomförd 5 oktober; åtgärder beställda.",
        1.0,
    ),
    Action(
        "INS-2027-01",
        "Fältassistenter vid Kullö busshållplats fredagskvällar",
        PROMISE_ADULTS_NEXT,
        ("faltassistenter", "fritidsgard"),
        ("kullo",),
        ("ungdomar", "ordningsstorning"),
        dt.date(2027, 1, 15),
        None,
        "planerad",
        "",
        1.0,
    ),
)

# Reporting organisations per category (weights).
ORGANISATIONS = {
    "skadegorelse": {
        "kommunen_fastighet": 3,
        "skola": 2,
        "polisen": 2,
        "bostadsbolag": 2,
        "allmanheten": 1,
    },
    "klotter": {"kommunen_gata_park": 4, "bostadsbolag": 2, "kollektivtrafik": 2, "skola": 1},
    "nedskrapning": {"kommunen_gata_park": 5, "allmanheten": 2, "kommunen": 1},
    "brand": {"raddningstjansten": 5, "polisen": 1, "kommunen_trygghet": 1},
    "ordningsstorning": {"polisen": 4, "vaktare": 3, "kollektivtrafik": 1, "allmanheten": 1},
    "ungdomar": {
        "faltassistenter": 3,
        "fritidsgard": 2,
        "polisen": 2,
        "kollektivtrafik": 1,
        "allmanheten": 1,
    },
    "alkohol": {"polisen": 3, "faltassistenter": 2, "vaktare": 2, "fritidsgard": 1},
    "narkotika": {"polisen": 4, "faltassistenter": 1, "skola": 1},
    "buskorning": {"polisen": 3, "allmanheten": 3, "kommunen_trygghet": 1},
    "otrygg_plats": {"kommunen_trygghet": 3, "allmanheten": 3, "bostadsbolag": 1},
    "hot_vald": {"polisen": 5, "skola": 1, "vaktare": 1},
    "incident_personal": {"skola": 3, "fritidsgard": 2, "kollektivtrafik": 2},
    "ovrigt": {"kommunen": 2, "allmanheten": 2, "polisen": 1},
}
# Hour-of-day profiles (weights for 0..23).
EVENING = np.array(
    [6, 4, 3, 1, 0.5, 0.3, 0.3, 0.5, 0.8, 0.8, 0.8, 1, 1, 1, 1.2, 1.5, 2, 3, 4, 6, 8, 10, 10, 8],
    dtype=float,
)
MORNING = np.array(
    [
        0.3,
        0.2,
        0.1,
        0.1,
        0.1,
        0.3,
        1,
        4,
        6,
        6,
        5,
        4,
        3,
        3,
        2.5,
        2,
        1.5,
        1,
        1,
        0.8,
        0.6,
        0.5,
        0.4,
        0.3,
    ],
    dtype=float,
)
DAYTIME = np.array(
    [
        0.2,
        0.1,
        0.1,
        0.1,
        0.1,
        0.2,
        0.5,
        1.5,
        3,
        4,
        4,
        4,
        4,
        4,
        4,
        4,
        3.5,
        3,
        2,
        1.5,
        1,
        0.6,
        0.4,
        0.3,
    ],
    dtype=float,
)
LATE_AFTERNOON = np.array(
    [0.5, 0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 0.8, 1, 1, 1, 1.2, 1.5, 2, 3, 4, 5, 6, 6, 5, 4, 2, 1],
    dtype=float,
)
HOURS = {
    "skadegorelse": MORNING + 0.5 * EVENING,
    "klotter": MORNING,
    "nedskrapning": MORNING,
    "brand": LATE_AFTERNOON + EVENING,
    "ordningsstorning": EVENING,
    "ungdomar": LATE_AFTERNOON + EVENING,
    "alkohol": EVENING,
    "narkotika": EVENING,
    "buskorning": LATE_AFTERNOON,
    "otrygg_plats": LATE_AFTERNOON,
    "hot_vald": EVENING,
    "incident_personal": DAYTIME + 0.3 * LATE_AFTERNOON,
    "ovrigt": DAYTIME,
}
# Place types each category prefers (weight multiplier on places of that type).
PLACE_PREFERENCE = {
    "skadegorelse": {"skola": 3, "hallplats": 2},
    "klotter": {"hallplats": 3, "skola": 2, "hamn": 2},
    "nedskrapning": {"hamn": 4, "bad": 3, "torg": 2},
    "ordningsstorning": {"hamn": 4, "torg": 3},
    "ungdomar": {"fritidsgard": 3, "hallplats": 3, "skola": 2, "hamn": 2},
    "alkohol": {"hamn": 4, "bad": 2},
    "narkotika": {"hamn": 2, "skola": 1, "bad": 2},
    "buskorning": {"vag": 6, "bostadsomrade": 2},
    "otrygg_plats": {"hallplats": 3, "hamn": 2},
    "incident_personal": {"skola": 4, "fritidsgard": 4, "hallplats": 2},
}
# Free-text places not on the list (kept as written by the importer).
OTHER_PLACES = (
    "Återvinningsstationen",
    "Parkeringen vid affären",
    "Gång- och cykelvägen",
    "Lekplatsen",
)
DESCRIPTIONS = {
    "skadegorelse": (
        "Krossad ruta vid {place}.",
        "Sönderslagen papperskorg vid {place}.",
        "Skadad bänk och belysningsstolpe vid {place}.",
    ),
    "klotter": (
        "Klotter på väggen vid {place}.",
        "Nytt klotter (taggar) vid {place}.",
        "Klotter på skylt och busskur vid {place}.",
    ),
    "nedskrapning": (
        "Mycket skräp efter helgen vid {place}.",
        "Nedskräpning och flaskor vid {place}.",
        "Överfulla soptunnor vid {place}.",
    ),
    "brand": (
        "Brand i papperskorg vid {place}.",
        "Anlagd brand i buskage vid {place}.",
        "Fyrverkerier och brand i container vid {place}.",
    ),
    "ordningsstorning": (
        "Högljudda personer och bråk vid {place}.",
        "Störande fest vid {place}.",
        "Ordningsstörning sent på kvällen vid {place}.",
    ),
    "ungdomar": (
        "Grupp unga samlades och störde vid {place}.",
        "Ungdomar samlades, viss oro bland förbipasserande vid {place}.",
        "Unga hängde kvar sent vid {place}.",
    ),
    "alkohol": (
        "Berusade ungdomar vid {place}.",
        "Alkoholförtäring bland unga vid {place}.",
        "Misstänkt langning vid {place}.",
    ),
    "narkotika": (
        "Misstänkt narkotikaförsäljning vid {place}.",
        "Lukt av cannabis vid {place}.",
        "Fynd av narkotikarelaterat skräp vid {place}.",
    ),
    "buskorning": (
        "Mopedbuskörning vid {place}.",
        "Buskörning med A-traktor vid {place}.",
        "Snabb körning med moped på gångväg vid {place}.",
    ),
    "otrygg_plats": (
        "Trasig belysning gör platsen otrygg vid {place}.",
        "Boende känner sig otrygga kvällstid vid {place}.",
        "Mörk passage upplevs otrygg vid {place}.",
    ),
    "hot_vald": (
        "Hot mot person vid {place}.",
        "Slagsmål mellan unga vid {place}.",
        "Misshandel anmäld vid {place}.",
    ),
    "incident_personal": (
        "Personal blev hotad vid {place}.",
        "Personal utsattes för glåpord vid {place}.",
        "Incident mot personal vid {place}.",
    ),
    "ovrigt": (
        "Övrig händelse vid {place}.",
        "Okänd person betedde sig märkligt vid {place}.",
        "Övergiven cykel och skräp vid {place}.",
    ),
}
# Free texts with invented personal data, for the importer to redact (row number, text).
PERSONAL_DATA_TEXTS = (
    "Anmälaren vill bli kontaktad på 070-174 06 42.",
    "Kontakta boende via grannar@example.se för mer information.",
    "Väktare nås på +46 70 174 06 77 under kvällen.",
)
EST_HEADER = (
    "id",
    "datum",
    "tid",
    "vecka",
    "område",
    "plats",
    "kategori",
    "organisation",
    "allvarlighet",
    "beskrivning",
)
ACTIONS_HEADER = (
    "id",
    "titel",
    "medborgarlöfte",
    "ansvariga",
    "områden",
    "kategorier",
    "start",
    "slut",
    "status",
    "uppföljning",
)
# Severity distribution (1, 2, 3) per category.
SEVERITY = {
    "brand": (0.3, 0.5, 0.2),
    "hot_vald": (0.1, 0.5, 0.4),
    "incident_personal": (0.2, 0.6, 0.2),
    "narkotika": (0.2, 0.6, 0.2),
    "nedskrapning": (0.8, 0.2, 0.0),
    "klotter": (0.7, 0.3, 0.0),
}
DEFAULT_SEVERITY = (0.55, 0.4, 0.05)


@dataclass(frozen=True)
class EstExampleFiles:
    incidents: Path
    actions: Path


def daily_rates(days: list[dt.date], areas: list[str], categories: list[str]) -> np.ndarray:
    """Expected reports per day, area and category (days x areas x categories)."""
    day_of_year = np.array([day.timetuple().tm_yday for day in days], dtype=float)
    weekday = np.array([day.weekday() for day in days])
    years = np.array([(day - FIRST_DAY).days / 365.25 for day in days])
    rates = np.zeros((len(days), len(areas), len(categories)))
    specials = {year: special_days(year) for year in {day.year for day in days}}
    for c, category in enumerate(categories):
        tilt = np.array([AREA_CATEGORY_TILT.get((category, area), 1.0) for area in areas])
        shares = np.array([AREA_SHARE[area] for area in areas]) * tilt
        shares /= shares.sum()
        daily = CATEGORY_WEEKLY_RATE[category] / 7.0
        amplitude, peak = SEASONALITY.get(category, (1.0, 180))
        season = np.exp(np.log(amplitude) * np.cos(2 * np.pi * (day_of_year - peak) / 365.25))
        season /= np.exp(np.log(amplitude) ** 2 / 4)  # keeps the yearly mean near 1
        weights = WEEKEND_WEIGHTS if category in WEEKEND_CATEGORIES else WEEKDAY_WEIGHTS
        trend = (1 + YEARLY_TREND.get(category, 0.0)) ** years
        per_day = daily * season * weights[weekday] * trend
        for d, day in enumerate(days):
            for key, special in specials[day.year].items():
                if day == special:
                    per_day[d] *= SPECIAL_DAY_EFFECTS[key].get(category, 1.0)
        rates[:, :, c] = per_day[:, None] * shares[None, :]
        if category in HARBOUR_CATEGORIES:
            summer_weekend = np.array(
                [day.month in (6, 7, 8) and day.weekday() in (4, 5) for day in days]
            )
            rates[summer_weekend, areas.index("vaxon"), c] *= HARBOUR_SUMMER_WEEKEND
    for action in ACTIONS:
        if action.effect == 1.0:
            continue
        end = None if action.effect_lasts else action.end
        active = np.array([day >= action.start and (end is None or day <= end) for day in days])
        for area in action.areas:
            for category in action.categories:
                rates[active, areas.index(area), categories.index(category)] *= action.effect
    # Spikes last, so that an action's effect does not damp them.
    for monday, area, category, extra in PLANTED_SPIKES:
        in_week = np.array([0 <= (day - monday).days < 7 for day in days])
        rates[in_week, areas.index(area), categories.index(category)] += extra / 7.0
    return rates


def _choose(rng: np.random.Generator, weights: dict[str, float]) -> str:
    names = list(weights)
    probabilities = np.array([weights[name] for name in names], dtype=float)
    return names[int(rng.choice(len(names), p=probabilities / probabilities.sum()))]


def example_incidents() -> list[tuple[str, ...]]:
    """The generated reports as rows of the Swedish export (header EST_HEADER)."""
    rng = np.random.default_rng(SEED)
    catalog = load_catalog()
    areas = list(AREA_SHARE)
    categories = list(CATEGORY_WEEKLY_RATE)
    days = [FIRST_DAY + dt.timedelta(days=n) for n in range((LAST_DAY - FIRST_DAY).days + 1)]
    counts = rng.poisson(daily_rates(days, areas, categories))
    area_names = dict(zip(catalog.areas["area_id"], catalog.areas["name_sv"], strict=True))
    category_names = dict(
        zip(catalog.categories["category_id"], catalog.categories["name_sv"], strict=True)
    )
    organisation_names = dict(
        zip(catalog.organisations["organisation_id"], catalog.organisations["name_sv"], strict=True)
    )
    places_by_area: dict[str, list[tuple[str, str, str]]] = {}
    for row in catalog.places.itertuples():
        places_by_area.setdefault(row.area_id, []).append((row.place_id, row.name, row.place_type))
    rows = []
    personal_texts = iter(PERSONAL_DATA_TEXTS)
    next_personal = {500, 1700, 2900}
    for d, a, c in zip(*np.nonzero(counts), strict=True):
        day, area, category = days[d], areas[a], categories[c]
        for _ in range(int(counts[d, a, c])):
            number = len(rows) + 1
            hour_weights = HOURS[category]
            has_time = rng.random() < 0.9
            hour = int(rng.choice(24, p=hour_weights / hour_weights.sum()))
            minute = int(rng.integers(0, 60))
            report_day = day
            preference = PLACE_PREFERENCE.get(category, {})
            weights = {
                name: float(preference.get(place_type, 1.0))
                * (3.0 if place_id == "soderhamnen" and day.month in (6, 7, 8) else 1.0)
                for place_id, name, place_type in places_by_area.get(area, [])
            }
            draw = rng.random()
            if draw < 0.12 or not weights:
                place = ""
            elif draw < 0.17:
                place = OTHER_PLACES[int(rng.integers(len(OTHER_PLACES)))]
            else:
                place = _choose(rng, weights)
            text = DESCRIPTIONS[category][int(rng.integers(3))].format(
                place=place or area_names[area]
            )
            if number in next_personal:
                text = f"{text} {next(personal_texts)}"
            severity = int(rng.choice(3, p=SEVERITY.get(category, DEFAULT_SEVERITY))) + 1
            week = report_day.isocalendar()[1]
            rows.append(
                (
                    f"EST-{report_day.year}-{number:05d}",
                    report_day.isoformat(),
                    f"{hour:02d}:{minute:02d}" if has_time else "",
                    str(week),
                    area_names[area],
                    place,
                    category_names[category],
                    organisation_names[_choose(rng, ORGANISATIONS[category])],
                    str(severity),
                    text,
                )
            )
    return rows


def example_actions() -> list[tuple[str, ...]]:
    """The generated insatser as rows of the Swedish list (header ACTIONS_HEADER)."""
    catalog = load_catalog()
    area_names = dict(zip(catalog.areas["area_id"], catalog.areas["name_sv"], strict=True))
    category_names = dict(
        zip(catalog.categories["category_id"], catalog.categories["name_sv"], strict=True)
    )
    organisation_names = dict(
        zip(catalog.organisations["organisation_id"], catalog.organisations["name_sv"], strict=True)
    )
    rows = []
    for action in ACTIONS:
        areas = (
            "alla"
            if set(action.areas) == set(ALL_AREAS)
            else " | ".join(area_names[area] for area in action.areas)
        )
        rows.append(
            (
                action.action_id,
                action.title,
                action.promise,
                " | ".join(organisation_names[name] for name in action.responsible),
                areas,
                " | ".join(category_names[name] for name in action.categories),
                action.start.isoformat(),
                action.end.isoformat() if action.end else "",
                action.status,
                action.follow_up,
            )
        )
    return rows


def _write(path: Path, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    # As Excel saves "CSV UTF-8": BOM, semicolons, CRLF.
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_est_example_files(folder: Path) -> EstExampleFiles:
    """Write the example EST export and the insatser list to `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    incidents = folder / EST_FILE_NAME
    actions = folder / ACTIONS_FILE_NAME
    _write(incidents, EST_HEADER, example_incidents())
    _write(actions, ACTIONS_HEADER, example_actions())
    return EstExampleFiles(incidents, actions)
