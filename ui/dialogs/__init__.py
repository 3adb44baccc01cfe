"""Small edit dialogs (sections, tasks, targets, phases, units, task assignments)."""
