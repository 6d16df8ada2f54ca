"""Commands that show progress: week, chart, report and demo."""
