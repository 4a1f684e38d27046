"""Patrol plans ("planning des veilles") and weekly coverage.

* ``models`` — ``PatrolPlan`` and its ``PatrolPlanEntry`` rows (which entrance on which night);
* ``rotation`` — the generator's pure core (no database): which entrance on which night;
* ``calendar`` — months, ISO weeks and service nights;
* ``selectors`` — every read for a user (plans, tonight's list);
* ``coverage`` — the weekly coverage and the entrances not visited for N weeks;
* ``services`` — every write (plans, their entries, passages);
* ``views``, ``api``, ``urls``, ``nav``, ``demo`` — pages, API, routes, menu, demo data.

A passage is a logbook intervention (origin patrol), recorded through ``logbook.services``.
See docs/field-patrols.md.
"""
