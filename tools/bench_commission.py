#!/usr/bin/env python3
"""Benchmark: one month of commission statements at a realistic scale.

    python3 tools/bench_commission.py -c odoo.conf -d DATABASE [--orders 100000]

Fills DATABASE (which has the addons installed) once, straight in SQL, with
50 salespeople and ``--orders`` confirmed orders of three lines each spread
over 24 months, then times, three times each: generating one month's
statements of an order-basis plan for all 50 salespeople, regenerating them,
and a plain SQL read of the same order lines (the lower bound). Prints a
Markdown table. The database is left filled for the next run.
"""

import argparse
import statistics
import time
from datetime import date

import odoo
from odoo import SUPERUSER_ID, Command, api
from odoo.tools import SQL

SALESPEOPLE = 50
MONTHS = 24
FIRST_DAY = date(2024, 1, 1)
MONTH = (date(2025, 6, 1), date(2025, 6, 30))


def fill(env, orders):
    """Salespeople, customers, a product and the orders, unless already there."""
    users = env["res.users"].search([("login", "=like", "bench_sales_%")], order="id")
    if len(users) < SALESPEOPLE:
        group = env.ref("sales_team.group_sale_salesman")
        users |= env["res.users"].create(
            [
                {
                    "name": f"Bench Salesperson {n}",
                    "login": f"bench_sales_{n}",
                    "groups_id": [Command.set(group.ids)],
                }
                for n in range(len(users), SALESPEOPLE)
            ]
        )
    env.cr.execute("SELECT COUNT(*) FROM sale_order WHERE name LIKE 'BENCH/%'")
    if env.cr.fetchone()[0] >= orders:
        return users
    partners = env["res.partner"].create([{"name": f"Bench Customer {n}"} for n in range(500)])
    product = env["product.product"].create({"name": "Bench Product", "type": "service"})
    company = env.company
    env.flush_all()
    env.cr.execute(
        SQL(
            """
            INSERT INTO sale_order (name, partner_id, partner_invoice_id, partner_shipping_id,
                                    company_id, currency_id, date_order, state, user_id,
                                    currency_rate, amount_untaxed, amount_tax, amount_total,
                                    create_uid, write_uid, create_date, write_date)
            SELECT 'BENCH/' || n, partners[1 + mod(n, cardinality(partners))],
                   partners[1 + mod(n, cardinality(partners))],
                   partners[1 + mod(n, cardinality(partners))], %(company)s, %(currency)s,
                   %(first)s::timestamp + mod(n, %(months)s * 30) * interval '1 day'
                       + interval '10 hours',
                   'sale', users[1 + mod(n, cardinality(users))], 1, 600, 0, 600,
                   1, 1, now(), now()
              FROM generate_series(1, %(orders)s) n,
                   (SELECT %(partners)s::int[] AS partners, %(users)s::int[] AS users) ids
            """,
            company=company.id,
            currency=company.currency_id.id,
            first=FIRST_DAY,
            months=MONTHS,
            orders=orders,
            partners=partners.ids,
            users=users.ids,
        )
    )
    env.cr.execute(
        SQL(
            """
            INSERT INTO sale_order_line (order_id, name, sequence, product_id, product_uom,
                                         product_uom_qty, price_unit, price_subtotal, price_tax,
                                         price_total, customer_lead, company_id, currency_id,
                                         salesman_id, order_partner_id, state,
                                         create_uid, write_uid, create_date, write_date)
            SELECT so.id, 'Bench line ' || line, line, %(product)s, %(uom)s, 1,
                   100 * line, 100 * line, 0, 100 * line, 0, so.company_id, so.currency_id,
                   so.user_id, so.partner_id, 'sale', 1, 1, now(), now()
              FROM sale_order so, generate_series(1, 3) line
             WHERE so.name LIKE %(pattern)s
            """,
            pattern="BENCH/%",
            product=product.id,
            uom=product.uom_id.id,
        )
    )
    env.cr.execute("ANALYZE")
    env.invalidate_all()
    return users


def timed(function, setup=None, runs=3):
    seconds = []
    for _run in range(runs):
        if setup:
            setup()
        start = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--orders", type=int, default=100_000)
    options = parser.parse_args()
    odoo.tools.config.parse_config(["-c", options.config, "-d", options.database])
    registry = odoo.modules.registry.Registry(options.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        users = fill(env, options.orders)
        cr.commit()
        plan = env["sales.commission.plan"].search([("name", "=", "Bench Plan")])
        plan = plan or env["sales.commission.plan"].create(
            {
                "name": "Bench Plan",
                "basis": "order",
                "flat_rate": 5.0,
                "user_ids": [Command.set(users.ids)],
            }
        )

        def drop_statements():
            plan.statement_ids.unlink()
            env.flush_all()
            env.invalidate_all()

        def generate_fresh():
            plan.generate_statements(*MONTH)
            env.flush_all()

        def regenerate():
            env.invalidate_all()
            plan.generate_statements(*MONTH)
            env.flush_all()

        def sql_read():
            cr.execute(
                SQL(
                    """SELECT sol.id, sol.salesman_id, sol.price_subtotal, so.date_order
                         FROM sale_order_line sol JOIN sale_order so ON so.id = sol.order_id
                        WHERE so.state = 'sale' AND so.date_order >= %s AND so.date_order < %s
                          AND sol.salesman_id = ANY(%s)""",
                    MONTH[0],
                    date(2025, 7, 1),
                    users.ids,
                )
            )
            return cr.fetchall()

        rows = len(sql_read())
        fresh = timed(generate_fresh, setup=drop_statements)
        again = timed(regenerate)
        lower = timed(sql_read)
        lines = env["sales.commission.statement.line"].search_count([("plan_id", "=", plan.id)])
        print(
            f"\n{options.orders} orders, {SALESPEOPLE} salespeople; June 2025: {rows} order "
            f"lines, {lines} statement lines\n"
        )
        print("| operation | rows | median s | rows/s | x SQL read |")
        print("|---|---:|---:|---:|---:|")
        for name, seconds in (
            ("generate (new statements)", fresh),
            ("regenerate (drafts)", again),
            ("plain SQL read", lower),
        ):
            print(
                f"| {name} | {rows} | {seconds:.3f} | {rows / seconds:,.0f} | "
                f"{seconds / lower:.1f} |"
            )
        cr.rollback()


if __name__ == "__main__":
    main()
