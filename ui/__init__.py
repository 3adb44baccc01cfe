"""Qt only: the window, its pages, models, delegates, dialogs and workers.

Importing the package first protects None against PySide6 6.12's reference-count bug on Python 3.11
(see ui/pyside_none_guard.py), so every entry point into the GUI — the app, tests, benchmarks — is covered.
"""
from ui.pyside_none_guard import protect_none

protect_none()
