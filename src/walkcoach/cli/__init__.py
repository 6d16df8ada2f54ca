"""The command line: the Typer app (app.py), one module per command group that
parses, calls one service and renders, and the rich renderers (render*.py)."""
