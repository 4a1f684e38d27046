"""Patrol plans ("planning des veilles") and weekly coverage.

* ``rotation`` — the generator's pure core (no database): which entrance on which night;
* ``calendar`` — months, ISO weeks and service nights;
* ``selectors`` — every read for a user (plans, tonight's list, coverage);
* ``services`` — every write (plans, their entries, passages).

See docs/field-patrols.md.
"""
