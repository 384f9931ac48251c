"""Trainyard's training runtime: runs a template data-parallel on Ray Train and reports progress."""
