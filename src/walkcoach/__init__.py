"""walkcoach: a coach for a progressive walking program for lower back pain."""

__version__ = "0.1.0"
