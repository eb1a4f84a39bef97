"""The summary table the command line prints after a run."""
from __future__ import annotations

from engine import RunRecord

HEADERS = ("name", "kind", "pid", "start cost ms", "start s", "end s", "duration s", "exit code")


def format_summary(record: RunRecord, kinds: dict[str, str] | None = None) -> str:
    """``kinds``: each worker's kind label (``WorkerSpec.describe()``), if known."""
    on_hosts = any(run.address for run in record.workers.values())  # a cluster run: where each ran
    headers = HEADERS[:3] + ("host",) + HEADERS[3:] if on_hosts else HEADERS
    rows = [headers]
    for run in record.workers.values():
        cost = run.start_cost_ms
        never_ran = run.start_error is not None  # no times to show, only why
        rows.append((
            run.name,
            (kinds or {}).get(run.name, ""),
            "" if run.pid is None else str(run.pid),
            *((run.placement,) if on_hosts else ()),
            "" if cost is None else f"{cost:.1f}",
            "" if never_ran else _seconds(run.start_s),
            "" if never_ran else _seconds(run.bar_end_s),
            "" if never_ran else _seconds(run.duration_s()),
            run.describe_exit() or "unknown",
        ))
    widths = [max(len(row[column]) for row in rows) for column in range(len(headers))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def _seconds(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"
