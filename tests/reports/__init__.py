"""Tests of engine.reports: pure derivations for pages and documents."""
