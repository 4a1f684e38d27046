"""The settings area's section keys, as written in the change log."""

ACTIVITIES = "activites"
SHEET = "fiche"
HOURS = "horaires"
CONTRACT = "contrat"
MEMBERS = "membres"
PEOPLE = "personnes"
FIELDS = "domaines"
