"""Wiring: entry point, command line, paths, settings. No domain logic lives here."""
