#!/usr/bin/env python3
"""Benchmark: after-sales ticket creation and the SLA escalation action.

    python3 tools/bench_tickets.py -c odoo.conf -d DATABASE [--tickets 20000]

In DATABASE (which has the addons installed), inside one transaction that
is rolled back at the end (nothing is left behind):

* creates ``--tickets`` tickets through the ORM, in batches of 1,000, with
  the four priorities, received over the last 30 days, which computes their
  SLA deadlines (tickets per second);
* times the escalation action over all of them while open, twice: the first
  run escalates what is due, the second must find nothing to do.

Prints a Markdown table.
"""

import argparse
import threading
import time
from datetime import timedelta

import odoo
from odoo import SUPERUSER_ID, api, fields
from odoo.tools import split_every


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--tickets", type=int, default=20000)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = odoo.modules.registry.Registry(args.database)
    # The escalation commits per batch outside tests: keep everything in the
    # one transaction rolled back at the end.
    threading.current_thread().testing = True
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        partners = env["res.partner"].search([("customer_rank", ">", 0)], limit=200)
        if not partners:
            partners = env["res.partner"].create([{"name": f"Bench {n}"} for n in range(200)])
        users = env["res.users"].search([("share", "=", False)], limit=10)
        now = fields.Datetime.now()
        vals_list = [
            {
                "name": f"Bench ticket {n}",
                "partner_id": partners[n % len(partners)].id,
                "user_id": users[n % len(users)].id,
                "priority": str(n % 4),
                "date_received": now - timedelta(minutes=(n * 37) % (30 * 24 * 60)),
            }
            for n in range(args.tickets)
        ]
        env.flush_all()
        start = time.perf_counter()
        for batch in split_every(1000, vals_list, list):
            env["sales.ticket"].create(batch)
            env.flush_all()
        create_s = time.perf_counter() - start
        open_count = env["sales.ticket"].search_count([("closed_date", "=", False)])
        timings = []
        for _run in range(2):
            env.invalidate_all()
            start = time.perf_counter()
            done = env["sales.ticket"]._escalate(fields.Datetime.now())
            env.flush_all()
            timings.append((time.perf_counter() - start, done))
        cr.rollback()
    print(f"| operation ({args.tickets} tickets, {open_count} open) | s | rate |")
    print("|---|---:|---:|")
    print(f"| create (deadlines computed) | {create_s:.2f} | {args.tickets / create_s:.0f}/s |")
    for index, (seconds, done) in enumerate(timings, 1):
        print(f"| escalation run {index} ({done} tickets changed) | {seconds:.2f} | |")


if __name__ == "__main__":
    main()
