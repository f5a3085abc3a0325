"""Tests of engine.programmes: the catalogue, a programme's run, its edits."""
