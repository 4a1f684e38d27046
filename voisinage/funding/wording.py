"""Rules, breaches and issues in plain words (translatable; French through the catalogue)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from voisinage.funding import allocation as alloc
from voisinage.lib.money import format_percent
from voisinage.schemes.templatetags.voisinage import euros

if TYPE_CHECKING:
    from voisinage.funding.selectors import Content, RuleNode


def describe_rule(node: RuleNode) -> str:
    """E.g. "49 % of the cost", "28,19 % of the cost, capped at 45 200 € a year",
    "an equal share of the group (1/3)", "the remainder"."""
    rule = node.spec
    of = _("of the cost") if node.top_level else _("of the group's share")
    kind = alloc.Kind(rule.kind)
    if kind == alloc.Kind.PERCENT:
        return _("%(percent)s %% %(of)s") % {"percent": format_percent(rule.percent or 0), "of": of}
    if kind == alloc.Kind.CAPPED_PERCENT:
        return _("%(percent)s %% %(of)s, capped at %(cap)s a year") % {
            "percent": format_percent(rule.percent or 0),
            "of": of,
            "cap": euros(rule.cap_cents),
        }
    if kind == alloc.Kind.FIXED:
        return _("a fixed %(amount)s a year") % {"amount": euros(rule.fixed_cents)}
    n = node.sharing_siblings
    if kind == alloc.Kind.EQUAL_SHARE:
        if node.top_level:
            return _("an equal share of what is left (1/%(n)s)") % {"n": n}
        return _("an equal share of the group (1/%(n)s)") % {"n": n}
    if n > 1:
        return _("the remainder, shared equally (1/%(n)s)") % {"n": n}
    return _("the remainder")


def describe_group(node: RuleNode) -> str:
    count = len(node.spec.children)
    if not count:
        return _("no member yet")
    return ngettext("split among %(n)s member:", "split among %(n)s members:", count) % {"n": count}


def _percent(value: Fraction) -> str:
    return format_percent(value, 2)


@dataclass(frozen=True)
class Finding:
    """A breach or an issue, worded for a page, an e-mail or the API."""

    kind: str
    rule_id: int | None
    label: str
    message: str
    clause: str = ""


def rule_label(content: Content, rule_id: int | None) -> str:
    if rule_id is None:
        return _("The whole cost")
    rule = content.rule_by_id.get(rule_id)
    return rule.label if rule else "?"


def findings(assessment: alloc.Assessment | alloc.Allocation, content: Content) -> list[Finding]:
    """Every breach of a check and every issue of the allocation, worded."""
    if isinstance(assessment, alloc.Assessment):
        allocation, breaches = assessment.allocation, assessment.breaches
    else:
        allocation, breaches = assessment, ()
    found = []
    for breach in breaches:
        label = rule_label(content, breach.rule_id)
        if breach.kind == alloc.ConstraintKind.CAP:
            message = _(
                "%(label)s comes to %(amount)s, above its cap of %(cap)s (+%(excess)s)."
            ) % {
                "label": label,
                "amount": euros(breach.amount_cents),
                "cap": euros(breach.limit_cents),
                "excess": euros(breach.excess_cents),
            }
        else:
            constraint = next(c for c in content.constraint_specs if c.id == breach.constraint_id)
            message = _(
                "%(label)s comes to %(share)s %% of the cost, outside the required "
                "%(expected)s %% ± %(tolerance)s point."
            ) % {
                "label": label,
                "share": _percent(breach.share or Fraction(0)),
                "expected": format_percent(constraint.expected_percent or 0),
                "tolerance": format_percent(constraint.tolerance_points),
            }
        found.append(Finding(breach.kind, breach.rule_id, label, message, breach.clause))
    for issue in allocation.issues:
        label = rule_label(content, issue.rule_id)
        if issue.code == alloc.IssueCode.UNALLOCATED:
            message = (
                _("%(amount)s of %(label)s is allocated to nobody.")
                if issue.amount_cents >= 0
                else _("The rules of %(label)s allocate %(amount)s more than there is.")
            ) % {"amount": euros(abs(issue.amount_cents)), "label": label}
        elif issue.code == alloc.IssueCode.NO_MEMBERS:
            message = _("%(label)s has no member to pay its %(amount)s.") % {
                "label": label,
                "amount": euros(issue.amount_cents),
            }
        elif issue.code == alloc.IssueCode.NEGATIVE:
            message = _(
                "%(label)s would be negative (%(amount)s): the fixed amounts or percentages "
                "exceed the cost."
            ) % {"label": label, "amount": euros(issue.amount_cents)}
        else:
            message = _("%(label)s exceeds its cap by %(amount)s after rounding.") % {
                "label": label,
                "amount": euros(issue.amount_cents),
            }
        found.append(Finding(str(issue.code), issue.rule_id, label, message))
    return found
