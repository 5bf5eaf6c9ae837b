"""The data layer: schema, DuckDB access, importers, bundled sources, example data."""
