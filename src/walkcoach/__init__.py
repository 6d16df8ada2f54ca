"""walkcoach: a coach for a progressive walking program for lower back pain."""

import gc

__version__ = "0.1.0"

# A walkcoach run is short, and nearly all it allocates lives until it exits
# (modules, classes, typer's command tree): the cyclic collector would scan its
# young generation some 50 times a command and find next to nothing to free.
# Scanning every 50,000 allocations instead saves about 5 ms a command (SPEC §8);
# long commands (import, export) still collect, just less often.
gc.set_threshold(50_000, 20, 20)
