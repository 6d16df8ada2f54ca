"""Domain errors. The CLI turns each into one `Error: …` line and an exit code."""


class WalkcoachError(Exception):
    """A well-formed request that cannot be done (exit code 1)."""

    exit_code = 1


class InvalidInput(WalkcoachError):
    """Input that does not follow SPEC §4 (exit code 2); nothing is written."""

    exit_code = 2


class NotFound(WalkcoachError):
    """No entry with the id the user gave."""


class DatabaseProblem(WalkcoachError):
    """The database file is not walkcoach's, is damaged, locked or unwritable."""
