-- Trygg i Vaxholm: the one schema of the dashboard's DuckDB database.
-- Natural primary keys, CHECK constraints on every value range. Every imported row carries
-- the import it came from (imports.import_id) and whether it is example data.

-- One row per file imported: provenance for every row below.
CREATE TABLE imports (
    import_id    INTEGER PRIMARY KEY,
    kind         VARCHAR NOT NULL CHECK (kind IN ('kolada', 'bra', 'population', 'survey',
                                                  'stockholmsenkaten', 'est', 'insatser')),
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
    publisher    VARCHAR NOT NULL,
    url          VARCHAR,
    licence      VARCHAR NOT NULL,
    attribution  VARCHAR NOT NULL,
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

-- === Safety surveys (police trygghetsmätning, NTU, medborgarundersökning) ================

-- === Stockholmsenkäten: result tables and pupil-level answers ===========================

-- === EST incident reports, insatser and medborgarlöften =================================
