"""The app's user interface, in two kinds of module.

The shared layer, used by every page:
    charts              Altair charts (one colour scheme, time as time, one set of heights,
                        hidden values marked)
    frame               filters kept in the URL, tables, downloads, chart images, source lines
    format              numbers, dates and tables in the session's language
    i18n, messages_*    the message catalogue (Swedish first, English) and plural rules
    cache               the only place results are cached, keyed by the database's version
    export, auth        downloads and the coordinators' sign-in

A page's parts, one module per page, named after it: `<page>_parts.py` beside
`pages/<page>.py` (actions_parts, crime_trends_parts, data_import_parts, safety_parts,
situation_parts, youth_parts); est_parts holds what the two EST pages share.

One word per concept in code:
    situation  the Lägesbild page (EST's weekly local situation picture)
    est        the EST data: incident reports and the insatser list as imported
    action     an insats (a measure taken, often under a medborgarlöfte)
    crime      Brottsutveckling; safety: Trygghet; youth: Unga (Stockholmsenkäten)
"""
