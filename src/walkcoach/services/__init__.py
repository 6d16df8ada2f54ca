"""Use cases: gather from storage, decide with the core, save. One function per
thing a person does; the CLI calls one of them per command."""
