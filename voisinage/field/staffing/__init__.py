"""Night staffing: who is on duty each night, the required headcount and any shortfall, and
the hours each person worked against the scheme's annual basis (docs/field-staffing.md).

Reads: the rota (names) goes through ``DutyAssignment.objects.visible_to`` — the operator's staff
and the scheme's administrators. The *levels* (how many people per position each night, against
the staffing rule) are aggregates without names: every member of the scheme sees them, as the
model's docstring intends ("partners see staffing levels through aggregates, not the rota").
Writes: ``services`` (``duty_*``), for people holding ``can_supervise``.

* ``models`` — ``DutyAssignment`` (a person on duty for a service night);
* ``selectors`` — access to the rota, the staffing levels per night, the hours per person;
* ``services`` — every write on the rota.
"""
