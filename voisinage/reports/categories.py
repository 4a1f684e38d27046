"""The French default report categories, grouped (the Besançon agreement §II.2.3–2.6: common
parts and technical anomalies, abusive parking, occupation of common parts, neighbour
disputes)."""

from __future__ import annotations

from voisinage.reports.models import CategoryGroup

# (group, code, label)
DEFAULTS: tuple[tuple[str, str, str], ...] = (
    (CategoryGroup.TECHNICAL, "eclairage", "Éclairage en panne"),
    (CategoryGroup.TECHNICAL, "ascenseur", "Ascenseur en panne"),
    (CategoryGroup.TECHNICAL, "porte-serrure-interphone", "Porte, serrure ou interphone"),
    (CategoryGroup.TECHNICAL, "fuite", "Fuite d'eau"),
    (CategoryGroup.TECHNICAL, "securite-incendie", "Équipement de sécurité incendie"),
    (CategoryGroup.TECHNICAL, "vitre-cassee", "Vitre cassée"),
    (CategoryGroup.CLEANLINESS, "encombrants", "Encombrants, dépôt sauvage"),
    (CategoryGroup.CLEANLINESS, "tags", "Tags, graffitis"),
    (CategoryGroup.CLEANLINESS, "hygiene", "Hygiène, salubrité"),
    (CategoryGroup.PARKING, "stationnement-abusif", "Stationnement abusif"),
    (CategoryGroup.PARKING, "epave", "Véhicule épave"),
    (CategoryGroup.OCCUPATION, "hall-cave-squatte", "Hall ou cave squatté"),
    (CategoryGroup.OCCUPATION, "regroupement", "Regroupement"),
    (CategoryGroup.SOCIAL, "personne-vulnerable", "Personne isolée ou vulnérable"),
    (CategoryGroup.SOCIAL, "conflit-voisinage", "Conflit de voisinage"),
    (
        CategoryGroup.PUBLIC_SPACE,
        "espace-public",
        "Espace public (voirie, mobilier, espaces verts)",
    ),
)

# Category code → the default logbook situations (field.codes) it reports.
SITUATIONS: dict[str, tuple[str, ...]] = {
    "eclairage": ("eclairage",),
    "ascenseur": ("ascenseur",),
    "porte-serrure-interphone": ("porte-interphone",),
    "fuite": ("fuite",),
    "securite-incendie": ("equipement-securite", "incendie-fumee"),
    "vitre-cassee": ("vitre-cassee",),
    "encombrants": ("encombrants",),
    "tags": ("tags",),
    "hygiene": ("proprete",),
    "stationnement-abusif": ("stationnement-abusif",),
    "hall-cave-squatte": ("cave-squattee", "occupation-parties-communes"),
    "regroupement": ("regroupement-hall", "regroupement-jeunes"),
    "personne-vulnerable": ("personne-detresse",),
    "conflit-voisinage": ("conflit-voisinage",),
}
