"""The pure core: entries and their rules, dates, the plan engine, summaries and
the words of guidance. Plain data and an explicit date in, decisions out: no I/O,
no clock, no environment, no typer, rich or sqlite3 (tests/test_layers.py)."""
