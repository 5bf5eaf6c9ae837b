-- Trygg i Vaxholm: the one schema of the dashboard's DuckDB database.
-- Natural primary keys, CHECK constraints on every value range. Every imported row carries
-- the import it came from (imports.import_id) and whether it is example data.

-- One row per file imported: provenance for every row below.
CREATE TABLE imports (
    import_id    INTEGER PRIMARY KEY,
    kind         VARCHAR NOT NULL CHECK (kind IN ('kolada', 'bra', 'population', 'survey',
                                                  'stockholmsenkaten', 'est', 'insatser',
                                                  'skolverket')),
    file_name    VARCHAR NOT NULL,
    sha256       VARCHAR NOT NULL CHECK (length(sha256) = 64),
    format       VARCHAR NOT NULL,
    rows         INTEGER NOT NULL CHECK (rows >= 0),
    source_id    VARCHAR NOT NULL,
    is_example   BOOLEAN NOT NULL,
    imported_at  TIMESTAMP NOT NULL,
    UNIQUE (kind, sha256)
);

-- Publishers and their licences; shown on "Data och källor" and in every source line.
CREATE TABLE sources (
    source_id    VARCHAR PRIMARY KEY,
    name_sv      VARCHAR NOT NULL,
    name_en      VARCHAR NOT NULL,
    publisher    VARCHAR NOT NULL,  -- in Swedish
    publisher_en VARCHAR NOT NULL,
    url          VARCHAR,
    licence      VARCHAR NOT NULL,  -- in Swedish, as the publisher states it
    licence_en   VARCHAR NOT NULL,
    attribution  VARCHAR NOT NULL,  -- in Swedish
    attribution_en VARCHAR NOT NULL,
    is_example   BOOLEAN NOT NULL,
    note_sv      VARCHAR,
    note_en      VARCHAR
);

-- Municipalities, counties (regions) and Riket with their SCB/Kolada codes.
CREATE TABLE municipalities (
    municipality_code VARCHAR PRIMARY KEY CHECK (regexp_full_match(municipality_code, '[0-9]{4}')),
    name              VARCHAR NOT NULL UNIQUE,
    level             VARCHAR NOT NULL CHECK (level IN ('kommun', 'region', 'riket')),
    county_code       VARCHAR CHECK (county_code IS NULL
                                     OR regexp_full_match(county_code, '00[0-9]{2}')),
    bra_region_id     INTEGER
);

-- Named comparison groups (e.g. Vaxholm's similar municipalities).
CREATE TABLE reference_groups (
    group_id  VARCHAR PRIMARY KEY,
    name_sv   VARCHAR NOT NULL,
    name_en   VARCHAR NOT NULL,
    note_sv   VARCHAR NOT NULL,
    note_en   VARCHAR NOT NULL
);

CREATE TABLE reference_group_members (
    group_id          VARCHAR NOT NULL REFERENCES reference_groups (group_id),
    municipality_code VARCHAR NOT NULL REFERENCES municipalities (municipality_code),
    PRIMARY KEY (group_id, municipality_code)
);

-- Indicator metadata: rendered generically by the pages (metadata is data).
CREATE TABLE indicators (
    indicator_id      VARCHAR PRIMARY KEY,
    source_id         VARCHAR NOT NULL REFERENCES sources (source_id),
    theme             VARCHAR NOT NULL CHECK (theme IN ('crime', 'youth', 'school', 'context',
                                                        'safety')),
    title_sv          VARCHAR NOT NULL,
    title_en          VARCHAR NOT NULL,
    unit              VARCHAR NOT NULL CHECK (unit IN ('per_100k', 'percent', 'count',
                                                       'per_inhabitant', 'per_1000', 'index')),
    definition_sv     VARCHAR NOT NULL,
    definition_en     VARCHAR NOT NULL,
    caveats_sv        VARCHAR,
    caveats_en        VARCHAR,
    higher_is_better  BOOLEAN,
    factor_type       VARCHAR CHECK (factor_type IS NULL OR factor_type IN ('risk', 'protective')),
    series_break_year INTEGER,
    crime_code        VARCHAR,
    headline_order    INTEGER
);

-- Kolada key figures (real): value NULL when Kolada's status says why.
CREATE TABLE kolada_values (
    kpi               VARCHAR NOT NULL,
    municipality_code VARCHAR NOT NULL,
    year              INTEGER NOT NULL CHECK (year BETWEEN 1950 AND 2100),
    gender            VARCHAR NOT NULL CHECK (gender IN ('T', 'K', 'M')),
    value             DOUBLE,
    status            VARCHAR CHECK (status IS NULL
                                     OR status IN ('Missing', 'Privacy', 'Not applicable')),
    value_count       INTEGER CHECK (value_count IS NULL OR value_count >= 0),
    import_id         INTEGER NOT NULL,
    is_example        BOOLEAN NOT NULL,
    PRIMARY KEY (kpi, municipality_code, year, gender),
    CHECK (value IS NOT NULL OR status IS NOT NULL)
);

-- Brå crime types as a tree (Totalt antal brott > Brott mot brottsbalken > ...).
CREATE TABLE crime_types (
    crime_code   VARCHAR PRIMARY KEY,
    parent_code  VARCHAR,
    level        INTEGER NOT NULL CHECK (level BETWEEN 0 AND 5),
    name_sv      VARCHAR NOT NULL,
    name_en      VARCHAR NOT NULL,
    sort_order   INTEGER NOT NULL
);

-- Brå reported crimes. period: 'year', 'Q1'..'Q4' or 'M01'..'M12'.
-- mark: Brå's symbols '..' suppressed, '-' zero, '.' missing (count NULL unless '-').
CREATE TABLE crime_counts (
    municipality_code VARCHAR NOT NULL,
    year              INTEGER NOT NULL CHECK (year BETWEEN 1950 AND 2100),
    period            VARCHAR NOT NULL CHECK (period = 'year'
                                              OR regexp_full_match(period, 'Q[1-4]|M(0[1-9]|1[0-2])')),
    crime_code        VARCHAR NOT NULL,
    count             INTEGER CHECK (count IS NULL OR count >= 0),
    rate_per_100k     DOUBLE CHECK (rate_per_100k IS NULL OR rate_per_100k >= 0),
    mark              VARCHAR CHECK (mark IS NULL OR mark IN ('..', '-', '.')),
    is_preliminary    BOOLEAN NOT NULL,
    source_id         VARCHAR NOT NULL,
    import_id         INTEGER NOT NULL,
    is_example        BOOLEAN NOT NULL,
    PRIMARY KEY (municipality_code, year, period, crime_code),
    CHECK (CASE WHEN mark IN ('..', '.') THEN count IS NULL
                WHEN mark = '-' THEN count = 0
                ELSE count IS NOT NULL END)
);

-- Population per municipality (or county/Riket) and year, for rates.
CREATE TABLE population (
    municipality_code VARCHAR NOT NULL,
    year              INTEGER NOT NULL CHECK (year BETWEEN 1950 AND 2100),
    population        INTEGER NOT NULL CHECK (population > 0),
    method            VARCHAR NOT NULL CHECK (method IN ('scb', 'bra_back_computed', 'example')),
    source_id         VARCHAR NOT NULL,
    import_id         INTEGER NOT NULL,
    is_example        BOOLEAN NOT NULL,
    PRIMARY KEY (municipality_code, year)
);

-- Pupils per school unit and grade as Skolverket publishes them ("Antal elever per årskurs",
-- counted 15 October of school_year, the autumn of the school year 2023/24 -> 2023): the
-- denominator of Stockholmsenkäten's response rates (answers in spring 2024 / pupils in åk 9).
-- pupils is NULL where Skolverket writes '.' (nothing to report) or '..' (hidden), kept in mark.
CREATE TABLE school_pupils (
    school_year       INTEGER NOT NULL CHECK (school_year BETWEEN 1990 AND 2100),
    school_unit_code  VARCHAR NOT NULL CHECK (regexp_full_match(school_unit_code, '[0-9]{8}')),
    school_name       VARCHAR NOT NULL,
    municipality_code VARCHAR NOT NULL CHECK (regexp_full_match(municipality_code, '[0-9]{4}')),
    grade             VARCHAR NOT NULL CHECK (grade IN ('ak9', 'gy2')),
    pupils            INTEGER CHECK (pupils IS NULL OR pupils >= 0),
    mark              VARCHAR CHECK (mark IS NULL OR mark IN ('.', '..')),
    source_id         VARCHAR NOT NULL,
    import_id         INTEGER NOT NULL,
    is_example        BOOLEAN NOT NULL,
    PRIMARY KEY (school_year, school_unit_code, grade),
    CHECK ((pupils IS NULL) = (mark IS NOT NULL))
);

-- === Safety surveys (police trygghetsmätning, NTU, medborgarundersökning) ================

-- Survey results: indicator x area x year x group -> share (percent), respondents, interval.
-- year is the survey year, or the last year of a pooled period (pooled_years > 1: Brå's NTU
-- pools two years for municipal results). series_break marks the first year after a method
-- change (NTU 2017): no change is computed across it. n and the interval are NULL for
-- published points that state only a percentage. source_id is part of the key so published
-- points, a result table and example data for the same cell are kept apart.
CREATE TABLE survey_results (
    survey            VARCHAR NOT NULL CHECK (survey IN ('trygghetsmatning', 'ntu',
                                                         'medborgarundersokning',
                                                         'stockholmsenkaten_published')),
    indicator_id      VARCHAR NOT NULL,
    area              VARCHAR NOT NULL CHECK (length(trim(area)) > 0),
    year              INTEGER NOT NULL CHECK (year BETWEEN 1950 AND 2100),
    respondent_group  VARCHAR NOT NULL CHECK (respondent_group IN (
                          'alla', 'kvinnor', 'män', '16–29 år', '30–64 år', '65–85 år',
                          'åk 9', 'åk 9 flickor', 'åk 9 pojkar', 'gy 2', 'gy 2 flickor',
                          'gy 2 pojkar', 'flickor', 'pojkar')),
    share             DOUBLE NOT NULL CHECK (share BETWEEN 0 AND 100),
    n                 INTEGER CHECK (n IS NULL OR n > 0),
    ci_lower          DOUBLE CHECK (ci_lower IS NULL OR ci_lower BETWEEN 0 AND 100),
    ci_upper          DOUBLE CHECK (ci_upper IS NULL OR ci_upper BETWEEN 0 AND 100),
    pooled_years      INTEGER NOT NULL CHECK (pooled_years BETWEEN 1 AND 4),
    series_break      BOOLEAN NOT NULL,
    source_url        VARCHAR,
    note              VARCHAR,
    source_id         VARCHAR NOT NULL,
    import_id         INTEGER NOT NULL,
    is_example        BOOLEAN NOT NULL,
    PRIMARY KEY (survey, indicator_id, area, year, respondent_group, source_id),
    CHECK ((ci_lower IS NULL) = (ci_upper IS NULL)),
    CHECK (ci_lower IS NULL OR (ci_lower <= share AND share <= ci_upper))
);

-- === Stockholmsenkäten: result tables and pupil-level answers ===========================

-- Published or aggregated shares: indicator x municipality x wave x grade x sex -> percent, n.
-- source_id is part of the key: a figure quoted in a municipality's article and the same cell
-- of a result table are two observations, kept side by side. share NULL = suppressed ("..").
CREATE TABLE stockholmsenkaten_results (
    indicator_id      VARCHAR NOT NULL,
    municipality_code VARCHAR NOT NULL CHECK (regexp_full_match(municipality_code, '[0-9]{4}')),
    year              INTEGER NOT NULL CHECK (year BETWEEN 1995 AND 2100),
    grade             VARCHAR NOT NULL CHECK (grade IN ('ak9', 'gy2')),
    sex               VARCHAR NOT NULL CHECK (sex IN ('alla', 'flickor', 'pojkar')),
    share             DOUBLE CHECK (share IS NULL OR share BETWEEN 0 AND 100),
    n                 INTEGER CHECK (n IS NULL OR n >= 0),
    note              VARCHAR,
    source_url        VARCHAR,
    source_id         VARCHAR NOT NULL,
    import_id         INTEGER NOT NULL,
    is_example        BOOLEAN NOT NULL,
    PRIMARY KEY (indicator_id, municipality_code, year, grade, sex, source_id)
);

-- Anonymous pupil-level answers, one row per pupil and wave. The answers are two parallel
-- lists (item ids as in the codebook, answer codes) rather than one row per pupil and item:
-- 200 000 pupils x ~60 items would be 12 million rows under a 12-million-entry primary-key
-- index (measured: 25x the file size and 40x the import time), while the set of items still
-- differs by wave (e.g. F15 from 2020, F19a from 2022). Codes are kept as the file has them:
-- 0-98 answers, 99 / 999 "Ej svar", 996 "Ska ej besvaras" (routed past), 998 "Vet inte".
-- An empty cell in the file (item not asked) has no entry. sex: F2 of the codebook.
CREATE TABLE stockholmsenkaten_pupils (
    year              INTEGER NOT NULL CHECK (year BETWEEN 1995 AND 2100),
    municipality_code VARCHAR NOT NULL CHECK (regexp_full_match(municipality_code, '[0-9]{4}')),
    respondent_id     VARCHAR NOT NULL CHECK (length(respondent_id) BETWEEN 1 AND 40),
    grade             VARCHAR NOT NULL CHECK (grade IN ('ak9', 'gy2')),
    sex               VARCHAR NOT NULL CHECK (sex IN ('pojke', 'flicka', 'annan', 'ej_svar')),
    item_ids          VARCHAR[] NOT NULL,
    answer_codes      SMALLINT[] NOT NULL,
    source_id         VARCHAR NOT NULL,
    import_id         INTEGER NOT NULL,
    is_example        BOOLEAN NOT NULL,
    PRIMARY KEY (year, municipality_code, respondent_id),
    -- Unique item ids per pupil are checked by the importer (a file cannot name an item twice);
    -- a CHECK with list_distinct would double the import time.
    CHECK (len(item_ids) = len(answer_codes)),
    CHECK (len(answer_codes) = 0 OR (list_min(answer_codes) >= 0 AND list_max(answer_codes) <= 999))
);

-- RISE's seven indices: which codebook items (2024 ids) make up each. value_min/value_max are
-- the item's answer range from the codebook; answer_codes -> categories is RISE's recoding of
-- the answer codes into 0-based response categories (same order; higher = more risk, also for
-- the protective indices, whose locations RISE then negates); thresholds are RISE's partial
-- credit model item thresholds (logits) for the item in this index. Loaded from data/metadata
-- and data/real by the build.
CREATE TABLE stockholmsenkaten_index_items (
    index_id     VARCHAR NOT NULL,
    rise_name    VARCHAR NOT NULL,
    rise_item_id VARCHAR NOT NULL,
    item_id      VARCHAR NOT NULL,
    value_min    INTEGER NOT NULL,
    value_max    INTEGER NOT NULL,
    question_sv  VARCHAR NOT NULL,
    answer_codes SMALLINT[] NOT NULL,
    categories   SMALLINT[] NOT NULL,
    thresholds   DOUBLE[] NOT NULL,
    PRIMARY KEY (index_id, item_id),
    CHECK (value_max > value_min),
    CHECK (len(answer_codes) = len(categories) AND len(thresholds) BETWEEN 1 AND 4)
);

-- RISE's cut-offs (Rasch logit scale, 2024-09-23): risk indices at P75 / P90, protective
-- indices at P15 / P85 of RISE's reference population. Shown as the documented reference.
CREATE TABLE stockholmsenkaten_cutoffs (
    index_id    VARCHAR NOT NULL,
    percentile  INTEGER NOT NULL CHECK (percentile IN (15, 75, 85, 90)),
    logit       DOUBLE NOT NULL,
    PRIMARY KEY (index_id, percentile)
);

-- How an outcome share is computed from pupil answers: a pupil counts as "yes" when at least
-- min_positive of the items have an answer in positive_values ("4 5", or a range "1-98");
-- routed_is_no: code 996 (routed past the question) counts as a "no".
CREATE TABLE stockholmsenkaten_outcome_items (
    indicator_id    VARCHAR NOT NULL,
    item_id         VARCHAR NOT NULL,
    positive_values VARCHAR NOT NULL
                    CHECK (regexp_full_match(positive_values, '[0-9]+(-[0-9]+)?( [0-9]+)*')),
    routed_is_no    BOOLEAN NOT NULL,
    min_positive    INTEGER NOT NULL CHECK (min_positive >= 1),
    PRIMARY KEY (indicator_id, item_id)
);

-- === EST incident reports, insatser and medborgarlöften =================================

-- Vaxholm's districts, their named places (hotspots), the EST categories and the reporting
-- organisations: loaded from data/metadata/est_*.csv, the lists the importers match against.
CREATE TABLE est_areas (
    area_id    VARCHAR PRIMARY KEY CHECK (regexp_full_match(area_id, '[a-z0-9_]+')),
    name_sv    VARCHAR NOT NULL UNIQUE,
    name_en    VARCHAR NOT NULL,
    sort_order INTEGER NOT NULL
);

CREATE TABLE est_places (
    place_id   VARCHAR PRIMARY KEY CHECK (regexp_full_match(place_id, '[a-z0-9_]+')),
    area_id    VARCHAR NOT NULL,
    name       VARCHAR NOT NULL,
    place_type VARCHAR NOT NULL,
    sort_order INTEGER NOT NULL,
    UNIQUE (area_id, name)
);

CREATE TABLE est_categories (
    category_id VARCHAR PRIMARY KEY CHECK (regexp_full_match(category_id, '[a-z0-9_]+')),
    name_sv     VARCHAR NOT NULL UNIQUE,
    name_en     VARCHAR NOT NULL,
    sort_order  INTEGER NOT NULL
);

CREATE TABLE est_organisations (
    organisation_id VARCHAR PRIMARY KEY CHECK (regexp_full_match(organisation_id, '[a-z0-9_]+')),
    name_sv         VARCHAR NOT NULL UNIQUE,
    name_en         VARCHAR NOT NULL,
    parent_id       VARCHAR,
    sort_order      INTEGER NOT NULL
);

-- One row per reported event (EST incident report). The free text is stored only after
-- personal identity numbers, phone numbers and e-mail addresses were redacted
-- (was_redacted says where). place_id is set when the place is one of est_places.
CREATE TABLE est_incidents (
    incident_id     VARCHAR PRIMARY KEY CHECK (length(incident_id) BETWEEN 1 AND 64),
    incident_date   DATE NOT NULL CHECK (incident_date >= DATE '2000-01-01'),
    incident_time   TIME,
    iso_year        INTEGER NOT NULL CHECK (iso_year BETWEEN 2000 AND 2100),
    iso_week        INTEGER NOT NULL CHECK (iso_week BETWEEN 1 AND 53),
    week_start      DATE NOT NULL CHECK (isodow(week_start) = 1),
    area_id         VARCHAR NOT NULL,
    place_id        VARCHAR,
    place           VARCHAR,
    category_id     VARCHAR NOT NULL,
    organisation_id VARCHAR NOT NULL,
    severity        INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 3),
    description     VARCHAR,
    was_redacted    BOOLEAN NOT NULL,
    source_id       VARCHAR NOT NULL,
    import_id       INTEGER NOT NULL,
    is_example      BOOLEAN NOT NULL,
    CHECK (week_start <= incident_date AND incident_date < week_start + INTERVAL 7 DAY),
    CHECK (place_id IS NULL OR place IS NOT NULL)
);

-- The one filter of every EST read: reports dated first_day..last_day (inclusive) in an area,
-- a category and from an organisation; a NULL filter keeps all. data/db.py's EST fetchers read
-- FROM est_filtered(?, ?, ?, ?, ?) so the rule is written once.
CREATE MACRO est_filtered(first_day, last_day, area, category, organisation) AS TABLE
    SELECT * FROM est_incidents
    WHERE incident_date BETWEEN first_day AND last_day
      AND (area IS NULL OR area_id = area)
      AND (category IS NULL OR category_id = category)
      AND (organisation IS NULL OR organisation_id = organisation);

-- The name a public view gives a report's place: the catalogue's name, `other` for a place typed
-- as free text (never shown in public), NULL when the report names none.
CREATE MACRO public_place(place_id, place, other) AS
    CASE WHEN place_id IS NULL AND place IS NOT NULL THEN other ELSE place END;

-- Actions (insatser), the medborgarlöfte each serves, who is responsible and which areas and
-- categories they target; the follow-up compares those cells with untargeted areas.
CREATE TABLE est_actions (
    action_id         VARCHAR PRIMARY KEY CHECK (length(action_id) BETWEEN 1 AND 64),
    title             VARCHAR NOT NULL CHECK (length(title) > 0),
    promise           VARCHAR,
    responsible       VARCHAR[] NOT NULL CHECK (len(responsible) >= 1),
    areas             VARCHAR[] NOT NULL CHECK (len(areas) >= 1),
    targets_all_areas BOOLEAN NOT NULL,
    categories        VARCHAR[] NOT NULL CHECK (len(categories) >= 1),
    start_date        DATE NOT NULL CHECK (start_date >= DATE '2000-01-01'),
    end_date          DATE CHECK (end_date IS NULL OR end_date >= start_date),
    status            VARCHAR NOT NULL CHECK (status IN ('planerad', 'pågår', 'genomförd',
                                                         'uppföljd')),
    follow_up         VARCHAR,
    was_redacted      BOOLEAN NOT NULL,
    source_id         VARCHAR NOT NULL,
    import_id         INTEGER NOT NULL,
    is_example        BOOLEAN NOT NULL
);

-- The SHA-256 of this file's text when the database was built (data/db.py init_schema): a
-- database built from an older schema is recognised and rebuilt instead of failing mid-page.
CREATE TABLE schema_info (
    schema_sha256 VARCHAR PRIMARY KEY CHECK (regexp_full_match(schema_sha256, '[0-9a-f]{64}'))
);
