"""French default natures of calls and instructions (data copied into each scheme; editable and
retirable there, like the field codes)."""

NATURES: tuple[tuple[str, str], ...] = (
    ("regroupement-hall", "Regroupement dans un hall ou une cage d'escalier"),
    ("bruit", "Bruit, tapage"),
    ("conflit-voisinage", "Conflit de voisinage"),
    ("occupation-parties-communes", "Occupation abusive des parties communes"),
    ("degradation", "Dégradation en cours"),
    ("stationnement-abusif", "Stationnement abusif"),
    ("personne-detresse", "Personne en détresse"),
    ("incendie-fumee", "Incendie ou fumée"),
    ("rodeo", "Rodéo motorisé"),
    ("controle-logement", "Contrôle d'un logement signalé"),
    ("passage-residence", "Passage renforcé dans une résidence"),
    ("autre", "Autre demande"),
)
