"""French default code lists (data copied into each scheme; editable and retirable there)."""

MATERIAL: tuple[tuple[str, str], ...] = (
    ("porte-interphone", "Porte ou interphone dégradé"),
    ("eclairage", "Panne d'éclairage"),
    ("ascenseur", "Ascenseur en panne"),
    ("fuite", "Fuite d'eau"),
    ("incendie-fumee", "Incendie ou fumée"),
    ("vitre-cassee", "Vitre cassée"),
    ("encombrants", "Encombrants"),
    ("tags", "Tags, graffitis"),
    ("stationnement-abusif", "Stationnement abusif"),
    ("cave-squattee", "Cave squattée"),
    ("equipement-securite", "Équipement de sécurité incendie dégradé"),
    ("proprete", "Problème de propreté ou d'hygiène"),
)

BEHAVIOUR: tuple[tuple[str, str], ...] = (
    ("bruit", "Bruit, nuisances sonores"),
    ("regroupement-hall", "Regroupement dans un hall"),
    ("trafic", "Trafic de stupéfiants"),
    ("conflit-voisinage", "Conflit de voisinage"),
    ("agression", "Agression"),
    ("personne-detresse", "Personne en détresse"),
    ("ivresse", "Ivresse"),
    ("regroupement-jeunes", "Regroupement de jeunes"),
    ("occupation-parties-communes", "Occupation abusive des parties communes"),
    ("rodeo", "Rodéo motorisé"),
)

ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("dialogue", "Dialogue", ""),
    ("rappel-regles", "Rappel du règlement", ""),
    ("mediation", "Médiation entre les parties", ""),
    ("orientation", "Orientation vers un partenaire", ""),
    ("police-17", "Police alertée (17)", "17"),
    ("pompiers-18", "Pompiers alertés (18)", "18"),
    ("samu-15", "SAMU alerté (15)", "15"),
    ("signalement-bailleur", "Signalement au bailleur", ""),
    ("accompagnement", "Accompagnement", ""),
    ("securisation", "Sécurisation des lieux", ""),
)
