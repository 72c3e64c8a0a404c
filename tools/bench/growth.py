"""How each operation's time grows from the smallest scale to the largest.

Pure (no Odoo): ``tools/dev.py bench`` feeds it the results ``run.py`` writes
as JSON per scale, ``{operation name: {"rows", "median", ...}}``.
"""

import re


def _key(name):
    """The operation's name without its counts ("create 5,000 tickets" and
    "create 500 tickets" are one operation at two scales)."""
    return re.sub(r"\d[\d,]*\s*", "", name).strip()


def growth_table(results_by_scale):
    """Markdown table of the first and last scales of ``results_by_scale``
    (``[(scale, results)]`` in increasing scale): rows and median seconds at
    both, and the growth of time against the growth of rows. A time factor no
    larger than the rows factor is linear growth or better."""
    if len(results_by_scale) < 2:
        return ""
    (small_scale, small), (large_scale, large) = results_by_scale[0], results_by_scale[-1]
    large_by_key = {_key(name): result for name, result in large.items()}
    lines = [
        f"Growth from scale {small_scale} to scale {large_scale}\n",
        f"| operation | rows at {small_scale} | s at {small_scale} | rows at {large_scale} "
        f"| s at {large_scale} | rows x | time x | linear or better |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, first in small.items():
        last = large_by_key.get(_key(name))
        if not last or not first["rows"] or not first["median"]:
            continue
        rows_factor = last["rows"] / first["rows"]
        time_factor = last["median"] / first["median"]
        lines.append(
            f"| {_key(name)} | {first['rows']:,} | {first['median']:.2f} | {last['rows']:,} "
            f"| {last['median']:.2f} | {rows_factor:.1f} | {time_factor:.1f} "
            f"| {'yes' if time_factor <= rows_factor else 'no'} |"
        )
    return "\n".join(lines) if len(lines) > 3 else ""
