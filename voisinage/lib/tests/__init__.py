"""Tests of the pure helpers in voisinage.lib (no database, no Django needed)."""
