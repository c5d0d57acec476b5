"""The stages of the query pipeline (search/pipeline.py runs them in order), one module each.

Each stage is a function from frozen values (search/query.py) to a new value: it prints nothing, changes
nothing it was given, reads the index only through what it is handed (the `NameIndex`, the `TextIndex`
protocol), and is tested on its own in tests/search/stages/.
"""
