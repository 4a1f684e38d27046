"""One table out of the benchmark reports, for docs/performance.md.

    python -m bench.summary bench/results/S-sqlite.md bench/results/M-postgresql.md …

Reads the markdown tables the scripts write (whatever their columns: field, analytics and
partners share one layout, digests, load and memory have theirs) and prints one row per
measured row: size and engine (from the report's first line, ``# Size M — postgresql``), the
benchmark, what it does, p50 and p95 in milliseconds, the ratio to its floor and the target's
verdict. Nothing is computed here that the report does not say.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Row:
    size: str
    engine: str
    name: str
    what: str
    p50: str
    p95: str
    ratio: str
    verdict: str


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _ms(value: str, unit: str) -> str:
    if not value or value in {"—", "-"}:
        return value
    try:
        number = float(value.replace(",", ""))
    except ValueError:
        return value
    return f"{number * 1000:,.0f}" if unit == "s" else f"{number:,.1f}"


def _pick(header: list[str], *starts: str) -> int | None:
    for i, name in enumerate(header):
        if any(name.lower().startswith(s) for s in starts):
            return i
    return None


def rows(text: str) -> list[Row]:
    title = re.search(r"^# Size (\S+) — (\S+)", text, re.MULTILINE)
    size, engine = (title.group(1), title.group(2)) if title else ("?", "?")
    found: list[Row] = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if not line.startswith("|") or i + 1 >= len(lines) or not lines[i + 1].startswith("|--"):
            continue
        header = _cells(line)
        name_at = _pick(header, "benchmark", "row", "process")
        what_at = _pick(header, "what")
        p50_at = _pick(header, "p50", "rss at rest")
        p95_at = _pick(header, "p95", "peak rss")
        if name_at is None or what_at is None or p50_at is None or p95_at is None:
            continue
        unit = "s" if header[p50_at].endswith(" s") else "ms"
        if header[p50_at].lower().startswith("rss"):
            unit = "MiB"
        ratio_at = _pick(header, "× floor")
        target_at = _pick(header, "target")
        for body in lines[i + 2 :]:
            if not body.startswith("|"):
                break
            cells = _cells(body)
            if len(cells) < len(header):
                continue
            verdict = cells[target_at] if target_at is not None else ""
            if target_at is not None and target_at + 1 < len(cells) and cells[target_at + 1]:
                verdict = f"{verdict}: {cells[target_at + 1]}"
            p50, p95 = cells[p50_at], cells[p95_at]
            if unit != "MiB":
                p50, p95 = _ms(p50, unit), _ms(p95, unit)
            else:
                p50, p95 = f"{p50} MiB", f"{p95} MiB"
            found.append(
                Row(
                    size,
                    engine,
                    cells[name_at],
                    cells[what_at],
                    p50,
                    p95,
                    cells[ratio_at] if ratio_at is not None else "",
                    verdict,
                )
            )
    return found


def table(found: Sequence[Row]) -> str:
    out = [
        "| Size | Engine | Benchmark | What | p50 ms | p95 ms | × floor | Target |",
        "|---|---|---|---|---:|---:|---:|---|",
    ]
    out += [
        f"| {r.size} | {r.engine} | {r.name} | {r.what} | {r.p50} | {r.p95} | {r.ratio} | "
        f"{r.verdict} |"
        for r in found
    ]
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    paths = list(argv if argv is not None else sys.argv[1:])
    if not paths:
        print(__doc__, file=sys.stderr)
        return 2
    found = [row for p in paths for row in rows(Path(p).read_text(encoding="utf-8"))]
    print(table(found))
    return 0


if __name__ == "__main__":
    sys.exit(main())
