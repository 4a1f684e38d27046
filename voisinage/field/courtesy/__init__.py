"""Courtesy visits: a landlord's list of dwellings to visit, the outcome of each visit recorded
by the operator's agents, and the progress of each campaign (docs/field-courtesy.md).

Who does what:
- a landlord's referent (``can_act_as_partner`` for a landlord of the scheme) creates campaigns
  for that landlord and enters or uploads their dwellings;
- the operator's staff (``can_record``) see every campaign of the scheme and record outcomes;
- campaigns are read through ``CourtesyCampaign.objects.visible_to`` (a landlord perimeter sees
  its own landlord's, a neighbourhood perimeter none); visits through their campaign;
- tenants' names are personal data: shown to the operator's staff and to the landlord concerned
  only (``selectors.sees_tenant_names``), never written into the logbook.

Recording an outcome records an intervention of origin "courtesy visit" (one per visit and per
service night: a correction the same night updates it, a return on another night makes a new
one), linked from ``CourtesyVisit.intervention``.

* ``models`` — ``CourtesyCampaign`` and its ``CourtesyVisit`` rows;
* ``selectors`` — access, campaigns with their progress, visits by entrance, tenants' names;
* ``services`` — every write: campaigns, their dwellings (by hand or from a file), outcomes;
* ``views``, ``api``, ``urls``, ``nav``, ``demo`` — pages, API, routes, menu, demo data.
"""
