"""Demo analytics: the annual roadmaps of Besançon (its four missions, the Besançon agreement),
Humanicité (its four axes, the Humanicité agreement §II) and Mons-en-Barœul (the three aims of
its council decision), with objectives measured by the
library's indicators, planned actions spread over the months (status relative to today), the
supervisor's analysis of the last two months and the operator's proposals for the current
half-year and year.

Idempotent: a roadmap that already has axes is left alone, texts are written only when absent.
Owners are roles, not people.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from voisinage.accounts.models import User
from voisinage.analytics import services
from voisinage.analytics.models import ActionStatus, MonthlyNote, ReviewNote, RoadmapAction
from voisinage.analytics.periods import Period, PeriodKind, add_months
from voisinage.lib import clock
from voisinage.schemes.models import Scheme

# axis: [(objective, indicator, target, [(action, owner, month)])]
type Plan = list[tuple[str, list[tuple[str, str, str | None, list[tuple[str, str, int]]]]]]

BESANCON: Plan = [
    (
        "Médiation de proximité et régulation sociale",
        [
            (
                "Assurer une présence visible chaque soir de service",
                "interventions",
                "9000",
                [
                    ("Plan de patrouille mensuel validé en comité technique", "Superviseur", 1),
                    (
                        "Renfort de présence aux abords des commerces de Planoise",
                        "Équipe de nuit",
                        6,
                    ),
                    ("Bilan de la présence estivale", "Superviseur", 9),
                ],
            ),
            (
                "Couvrir au moins 200 entrées par semaine à Planoise",
                "patrol_target_rate",
                "100",
                [("Rotation des entrées non visitées depuis 4 semaines", "Superviseur", 3)],
            ),
            (
                "Résoudre sur place la majorité des situations",
                "resolved_share",
                "60",
                [("Formation gestion des conflits (XP X60-600)", "Médiaction Expertises", 4)],
            ),
        ],
    ),
    (
        "Aide aux personnes isolées",
        [
            (
                "Rencontrer les locataires signalés par les bailleurs",
                "courtesy_visits",
                "300",
                [
                    ("Campagne de visites de courtoisie Néolia", "Équipe de nuit", 2),
                    ("Campagne de visites de courtoisie loge.GBM", "Équipe de nuit", 10),
                ],
            ),
        ],
    ),
    (
        "Prévention sociale et de la délinquance",
        [
            (
                "Apaiser le climat des résidences",
                "climate_score",
                "0.8",
                [
                    (
                        "Suivi partagé des résidences en climat orange avec la police",
                        "Superviseur",
                        5,
                    ),
                    ("Point climat des résidences en comité technique", "Superviseur", 11),
                ],
            ),
            (
                "Participer aux instances du dispositif et du CLSPDR",
                "meetings_attended",
                "32",
                [
                    (
                        "Présence aux cellules des correspondants de sécurité",
                        "Médiaction Expertises",
                        1,
                    )
                ],
            ),
        ],
    ),
    (
        "Prévention et signalement des anomalies techniques graves",
        [
            (
                "Signaler aux bailleurs sous 24 h",
                "feedback_rate",
                "90",
                [("Circuit de retour des bailleurs sur les signalements", "Coordonnateur", 7)],
            ),
        ],
    ),
]

HUMANICITE: Plan = [
    (
        "Axe 1 – Amélioration du cadre de vie",
        [
            (
                "Réduire les incivilités aux abords des résidences",
                "serious_climate_share",
                "10",
                [
                    (
                        "Observatoire du quartier : relevé mensuel des dysfonctionnements",
                        "Médiateur",
                        1,
                    ),
                    ("Action propreté avec les syndics", "Médiateur", 5),
                ],
            ),
        ],
    ),
    (
        "Axe 2 – Cohésion sociale et appropriation positive du quartier",
        [
            (
                "Favoriser les rencontres entre les publics du quartier",
                "people_reached",
                "1500",
                [
                    ("Fête de quartier Humanicité", "Médiateur", 6),
                    ("Accueil des nouveaux habitants", "Médiateur", 9),
                ],
            ),
        ],
    ),
    (
        "Axe 3 – Implication des usagers et acteurs du quartier",
        [
            (
                "Co-construire des solutions avec les habitants",
                "handed_over_share",
                "20",
                [("Atelier de concertation sur le stationnement", "Chef de projets Citéo", 4)],
            ),
        ],
    ),
    (
        "Axe 4 – Évaluation partagée et modélisation",
        [
            (
                "Tenir les instances de suivi chaque mois",
                "meetings_attended",
                "12",
                [
                    ("Co-définition des indicateurs avec l'ASL", "Chef de projets Citéo", 2),
                    ("Bilan annuel en comité de pilotage", "Chef de projets Citéo", 12),
                ],
            ),
        ],
    ),
]

ANALYSIS = (
    "Activité soutenue sur {month}, concentrée en début de soirée. Le climat reste calme dans "
    "la majorité des résidences ; deux entrées reviennent plusieurs fois dans la main courante "
    "(regroupements en halls).\nLes visites de courtoisie progressent, avec un bon taux de "
    "locataires rencontrés."
)
RECOMMENDATIONS = (
    "Inscrire les deux entrées récurrentes au plan de patrouille du mois prochain.\n"
    "Demander aux bailleurs un retour sur les anomalies techniques signalées."
)
PROPOSALS = (
    "Renforcer la présence le vendredi et le samedi entre 21 h et minuit.\n"
    "Étendre les visites de courtoisie aux nouvelles résidences livrées.\n"
    "Partager chaque mois la carte des interventions avec la police municipale.\n"
    "Mettre en place l'enquête de satisfaction des appelants avec les bailleurs."
)
DAYTIME_TEXTS = (
    "Activité régulière sur {month}, surtout en fin de matinée et à la sortie des écoles. Les "
    "mises en relation avec les partenaires progressent ; deux résidences concentrent les "
    "conflits de voisinage signalés.",
    "Proposer aux bailleurs une médiation commune dans les deux résidences concernées.\n"
    "Relancer la Ville sur les signalements d'espace public restés sans réponse.",
    "Renforcer la présence aux abords du collège le mercredi après-midi.\n"
    "Associer les jeunes Monsois à la préparation de la fête de quartier.\n"
    "Partager chaque mois la synthèse des activités avec les membres du groupement.",
)
TEXTS = {"mons-en-baroeul": DAYTIME_TEXTS}

# The three aims of the Mons council decision; targets and actions are the demo's.
MONS: Plan = [
    (
        "Accompagner l'évolution du cadre et de la qualité de vie des habitants",
        [
            (
                "Une présence active de proximité chaque jour ouvré",
                "interventions",
                "700",
                [
                    ("Diagnostic en marchant avec les bailleurs", "Médiatrice", 3),
                    ("Présence pendant les travaux du NPRU", "Médiatrice", 9),
                ],
            ),
        ],
    ),
    (
        "Promouvoir les services publics et associatifs du Nouveau Mons",
        [
            (
                "Mettre les habitants en relation avec les bons partenaires",
                "handed_over_share",
                "20",
                [("Permanence commune avec le CCAS au LIEN", "Médiatrice", 2)],
            ),
        ],
    ),
    (
        "Contribuer au « mieux vivre ensemble », avec attention aux jeunes Monsois",
        [
            (
                "Aller vers les jeunes et les familles",
                "people_reached",
                "2500",
                [
                    ("Présence à la sortie du collège", "Médiatrice", 1),
                    ("Fête de quartier du Nouveau Mons", "Médiatrice", 6),
                ],
            ),
            (
                "Rendre compte chaque mois aux membres du groupement",
                "meetings_attended",
                "10",
                [("Bilan annuel en comité de pilotage", "Responsable de l'opérateur", 10)],
            ),
        ],
    ),
]


def _status(month: int, today: date) -> str:
    if month < today.month:
        return ActionStatus.DONE
    if month == today.month:
        return ActionStatus.IN_PROGRESS
    return ActionStatus.PLANNED


def _roadmap(scheme: Scheme, plan: Plan, user: User, today: date) -> int:
    roadmap = services.roadmap_create(
        scheme=scheme, year=today.year, title="Feuille de route annuelle", user=user
    )
    if roadmap.axes.exists():
        return 0
    added = 0
    for axis_title, objectives in plan:
        axis = services.roadmap_axis_add(
            roadmap=roadmap, title=axis_title, version=roadmap.version, user=user
        )
        roadmap.refresh_from_db()
        for title, indicator, target, actions in objectives:
            objective = services.roadmap_objective_add(
                roadmap=roadmap,
                axis_id=axis.pk,
                title=title,
                indicator=indicator,
                target=Decimal(target) if target else None,
                version=roadmap.version,
                user=user,
            )
            roadmap.refresh_from_db()
            for action_title, owner, month in actions:
                action = services.roadmap_action_add(
                    roadmap=roadmap,
                    objective_id=objective.pk,
                    title=action_title,
                    owner=owner,
                    month=month,
                    version=roadmap.version,
                    user=user,
                )
                roadmap.refresh_from_db()
                RoadmapAction.objects.filter(pk=action.pk).update(status=_status(month, today))
                added += 1
    return added


def _texts(scheme: Scheme, user: User, today: date) -> None:
    analysis, recommendations, proposals = TEXTS.get(
        scheme.slug, (ANALYSIS, RECOMMENDATIONS, PROPOSALS)
    )
    this_month = today.replace(day=1)
    for month in (add_months(this_month, -1), this_month):
        if not MonthlyNote.objects.filter(scheme=scheme, month=month).exists():
            label = month.strftime("%m/%Y")
            services.monthly_note_save(
                scheme=scheme,
                month=month,
                analysis=analysis.format(month=label),
                recommendations=recommendations,
                version=0,
                user=user,
            )
    for kind in (PeriodKind.HALF_YEAR, PeriodKind.YEAR):
        period = Period.around(kind, today)
        if not ReviewNote.objects.filter(
            scheme=scheme, starts_on=period.first, ends_on=period.last
        ).exists():
            services.review_note_save(
                scheme=scheme,
                starts_on=period.first,
                ends_on=period.last,
                proposals=proposals,
                version=0,
                user=user,
            )


@transaction.atomic
def load() -> str:
    today = clock.today()
    user = (
        User.objects.filter(username="operateur").first()
        or User.objects.filter(is_superuser=True).first()
    )
    if user is None:
        return "no user to write the roadmaps"
    summaries = []
    for slug, plan in [
        ("besancon", BESANCON),
        ("humanicite", HUMANICITE),
        ("mons-en-baroeul", MONS),
    ]:
        scheme = Scheme.objects.filter(slug=slug).first()
        if scheme is None:
            continue
        added = _roadmap(scheme, plan, user, today)
        _texts(scheme, user, today)
        summaries.append(f"{slug}: roadmap {today.year} ({added} actions added)")
    return "; ".join(summaries)
