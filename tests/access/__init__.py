"""Tests of engine.access: accounts, personal links, throttles."""
