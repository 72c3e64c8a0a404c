#!/usr/bin/env python3
"""Generate data at a scale in a database with the addons, then time the
heavy operations and print their Markdown table.

    python3 tools/bench/run.py -c odoo.conf -d DATABASE --scale 0.1 [--skip-generate]

``tools/dev.py bench`` makes the databases and runs this once per scale, in
a process of its own (the peak memory is the process's).
"""

import argparse
import json
import logging
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate
import oca_helpdesk
import operations

# The figure for OCA's helpdesk_mgmt_sla ticket creation, for the note.
TICKETS_TIMED = 5000


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--skip-generate", action="store_true")
    parser.add_argument("--only", help="run only the operations whose name contains this")
    parser.add_argument("--tickets", type=int, help="tickets created (default: a quarter of all)")
    parser.add_argument("--json", help="also write the results to this JSON file")
    options = parser.parse_args()

    import odoo
    from odoo import SUPERUSER_ID, api

    odoo.tools.config.parse_config(["-c", options.config, "-d", options.database])
    logging.getLogger("odoo").setLevel(logging.WARNING)
    registry = odoo.modules.registry.Registry(options.database)
    lines = []
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        if not options.skip_generate:
            start = time.perf_counter()
            generator = generate.Generator(env, options.scale)
            generator.run()
            seconds = time.perf_counter() - start
            problems = generate.check(env)
            cr.commit()
            counts = ", ".join(f"{name} {rows:,}" for name, (rows, _s) in generator.timings.items())
            lines.append(
                f"Generated scale {options.scale:g} in {seconds:.0f} s ({counts}); "
                f"ORM check: {problems or 'every stored computed field holds'}.\n"
            )
        count = options.tickets or min(
            TICKETS_TIMED, max(10, round(generate.Sizes.at(options.scale).tickets / 4))
        )
        todo = operations.operations(count)
        if options.only:
            todo = [op for op in todo if options.only in op.name]
        for operation in todo:
            operations.measure(env, operation)
            cr.commit()  # the refreshes' results stay, as the scheduled action's would
            print(f"done: {operation.name} {operation.result['median']:.2f} s", flush=True)
        title = (
            f"Scale {options.scale:g}, {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores "
            f"({platform.processor() or platform.machine()}), PostgreSQL shared with other work"
        )
        lines.append(operations.table(todo, title))
    print("\n".join(lines))
    if options.json:
        Path(options.json).write_text(json.dumps(oca_helpdesk.results_json(todo)))


if __name__ == "__main__":
    main()
