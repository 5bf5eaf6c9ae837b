"""A package, so that test modules of the same name (test_est.py) can live in two folders."""
