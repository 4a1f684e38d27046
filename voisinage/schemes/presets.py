"""Activity referential presets (labels are French data, as published)."""

# Standard XP X60-600, the 8 activities of social mediation (the Humanicité agreement §III).
XP_X60_600: tuple[tuple[str, str], ...] = (
    ("presence", "Assurer une présence active de proximité"),
    ("conflits", "Prévenir et gérer les situations conflictuelles"),
    ("institutions", "Lever les incompréhensions entre les personnes et les institutions"),
    ("veille", "Participer à une veille sociale et technique territoriale"),
    ("mise-en-relation", "Mettre en relation avec un partenaire"),
    ("concertation", "Faciliter la concertation entre les habitants et les institutions"),
    ("projets", "Favoriser les projets collectifs, supports de médiation sociale"),
    ("information", "Informer, sensibiliser et/ou former"),
)

# Mons-en-Barœul's own list of 9 activities (its council decision of June 2019).
MONS: tuple[tuple[str, str], ...] = (
    ("presence", "Présence active de proximité"),
    ("mise-en-relation", "Mise en relation avec un partenaire"),
    ("information", "Information"),
    ("sensibilisation", "Sensibilisation (cadre de vie)"),
    ("conflits", "Gestion des conflits"),
    ("concertation", "Mobilisation et concertation avec les habitants"),
    ("projets", "Facilitation et/ou gestion de projets"),
    ("veille-sociale", "Veille sociale"),
    ("veille-technique", "Veille technique"),
)

PRESETS: dict[str, tuple[tuple[str, str], ...]] = {"xp-x60-600": XP_X60_600, "mons": MONS}

# The mediation fields every installation starts with (Lille Métropole's plan names the first
# three); a network adds its own. Loaded by migration schemes/0006.
MEDIATION_FIELDS: tuple[tuple[str, str], ...] = (
    ("public-tranquillity", "Tranquillité publique"),
    ("education", "Éducation"),
    ("access-to-rights", "Accès aux droits et aux services"),
    ("transport", "Transport"),
)

# The field a preset's activity serves by default, when the scheme serves that field (else the
# scheme's first field); every activity's field stays editable in the settings area.
ACTIVITY_FIELDS: dict[str, str] = {
    "presence": "public-tranquillity",
    "conflits": "public-tranquillity",
    "veille": "public-tranquillity",
    "veille-technique": "public-tranquillity",
    "institutions": "access-to-rights",
    "mise-en-relation": "access-to-rights",
    "concertation": "access-to-rights",
    "veille-sociale": "access-to-rights",
    "projets": "education",
    "information": "education",
    "sensibilisation": "education",
}
