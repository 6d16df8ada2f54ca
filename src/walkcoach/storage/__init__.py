"""Storage: the SQLite store (all SQL), its migrations, backups, where files
live, and the readers and writers of files (exports and device formats)."""
