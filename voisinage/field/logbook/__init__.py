"""The logbook ("main courante"): interventions, their code lists and history; recording from a
phone, the night's list, review and validation (docs/field.md).

The base of the field app: staffing, patrols and courtesy visits record their interventions
through ``logbook.services``; the logbook reads only the rota (``staffing.selectors``) for the
recording page's default team.
"""
