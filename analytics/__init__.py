"""Pure statistics layer for the Vaxholm crime-prevention dashboard.

The modules in this package (``rates``, ``change``, ``trend`` and ``comparison``) turn tidy
pandas tables of counts, populations and published rates into rates per 100 000 inhabitants,
confidence intervals, change tests, trends and peer comparisons. They depend only on pandas,
numpy, scipy and statsmodels, perform no I/O and never mutate their inputs.
"""
