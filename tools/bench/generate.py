"""Fill a database with the addons installed with years of sales data, in SQL.

    python3 tools/bench/generate.py -c odoo.conf -d DATABASE [--scale 1.0]

Scale 1.0: 8 teams, 50 salespeople, 200,000 customers, 300,000 confirmed
orders with 1,000,000 lines over three years, their posted invoices (one per
order, one invoice line per order line), payments reconciled with them and
some credit notes, 200,000 opportunities with 1,000,000 stage-history rows,
20,000 tickets, 50,000 feedback records and 200 targets with weekly lines.

The bulk tables are written with ``INSERT ... SELECT generate_series`` through
the environment's one cursor, with every stored computed field written
consistently (amounts from the lines, ``commercial_partner_id``,
``complete_name``, ``customer_rank``, lead probability and activity, move
states and residuals, unique sequence numbers). The few configuration
records (teams, salespeople, a product, plans, targets) go through the ORM,
as do the stored computes of tickets and feedback (SLA deadlines on working
time, owners, sentiment), recomputed in batches after their rows are
inserted. :func:`check` reads a sample of every model through the ORM and
recomputes its stored fields to compare.

Everything happens in the caller's transaction: the benchmark commits it, the
smoke test rolls it back.
"""

import logging
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta

from odoo import Command, fields
from odoo.tools import SQL, split_every

_logger = logging.getLogger(__name__)

YEARS = 3
LINES_PER_ORDER = 10 / 3  # 1,000,000 lines for 300,000 orders
HISTORY_PER_LEAD = 5
PREFIX = "BENCH"
# The tables the SQL steps write, whose foreign keys are checked afterwards.
BULK_TABLES = (
    "res_partner",
    "sale_order",
    "sale_order_line",
    "sale_order_line_invoice_rel",
    "account_move",
    "account_move_line",
    "account_full_reconcile",
    "account_partial_reconcile",
    "crm_lead",
    "sales_lead_stage_history",
    "sales_ticket",
    "sales_feedback",
)


@dataclass(frozen=True)
class Sizes:
    teams: int
    salespeople: int
    customers: int
    orders: int
    leads: int
    tickets: int
    feedback: int
    targets: int

    @classmethod
    def at(cls, scale):
        def part(full, least):
            return max(least, round(full * scale))

        return cls(
            teams=min(8, part(80, 2)),
            salespeople=min(50, part(500, 4)),
            customers=part(200_000, 20),
            orders=part(300_000, 30),
            leads=part(200_000, 20),
            tickets=part(20_000, 10),
            feedback=part(50_000, 10),
            targets=part(200, 4),
        )


class Generator:
    """One run of the generator in ``env``'s transaction."""

    def __init__(self, env, scale, today=None):
        self.env = env(su=True)
        self.cr = env.cr
        self.sizes = Sizes.at(scale)
        self.today = today or fields.Date.context_today(self.env["res.partner"])
        self.first_day = self.today - timedelta(days=365 * YEARS)
        self.company = self.env.company
        self.timings = {}

    def execute(self, query):
        self.cr.execute(query)
        return self.cr.rowcount

    def analyze(self, *tables):
        """Fresh statistics and plans after a bulk insert: the session's cached
        plans of the foreign-key checks were made when the tables were small
        (sequential scans, which make the next bulk insert quadratic)."""
        if not tables:
            return
        self.execute(SQL("ANALYZE %s", SQL(", ").join(map(SQL.identifier, tables))))
        self.execute(SQL("DISCARD PLANS"))

    def id_range(self, table, name_like):
        """(first id, last id) of the rows just inserted in ``table`` whose
        name is like ``name_like``, with fresh statistics of the table."""
        self.cr.execute(
            SQL(
                "SELECT min(id), max(id) FROM %s WHERE name LIKE %s",
                SQL.identifier(table),
                name_like,
            )
        )
        first_last = self.cr.fetchone()
        self.analyze(table)
        return first_last

    def step(self, name, function):
        start = time.perf_counter()
        rows = function()
        self.timings[name] = (rows, time.perf_counter() - start)
        _logger.info("bench generator: %s, %s rows in %.1f s", name, rows, self.timings[name][1])
        return rows

    def run(self):
        self.step("teams and salespeople", self.make_team)
        self.step("product and accounts", self.make_product)
        self.env.flush_all()
        with self.bulk_load():
            self.step("customers", self.make_customers)
            self.step("orders", self.make_orders)
            self.step("order lines", self.make_order_lines)
            self.step("invoices", self.make_invoices)
            self.step("credit notes", self.make_credit_notes)
            self.step("payments", self.make_payments)
            self.step("invoiced quantities", self.update_invoiced)
            self.step("customer ranks", self.update_ranks)
            self.step("opportunities", self.make_leads)
            self.step("stage history", self.make_stage_history)
            self.step("tickets", self.make_tickets)
            self.step("feedback", self.make_feedback)
            self.env.flush_all()
        self.env.invalidate_all()
        self.step("targets", self.make_targets)
        self.env.flush_all()
        self.analyze(*BULK_TABLES)
        # Statistics on every other table too, as a maintained database has:
        # autovacuum never analyzes a table of fewer than 50 rows (stages,
        # teams), and without statistics PostgreSQL takes them for hundreds
        # of rows and plans the funnel's aggregate as an on-disk sort.
        self.cr.execute(
            SQL(
                """SELECT relname FROM pg_stat_user_tables
                    WHERE last_analyze IS NULL AND last_autoanalyze IS NULL"""
            )
        )
        self.analyze(*(name for (name,) in self.cr.fetchall()))
        self.env.invalidate_all()
        return self.timings

    @contextmanager
    def bulk_load(self):
        """Load the bulk tables as ``pg_restore`` does: their secondary
        indexes dropped during the inserts and built once at the end, and,
        when the role is a superuser (the private cluster's is), without
        PostgreSQL's per-row foreign-key triggers, every foreign key of the
        tables then checked at once (one anti-join per table; a dangling
        reference raises). Per-row index upkeep and foreign-key checks (a
        trigger query per reference per row: about 25 per accounting line)
        were most of the generator's time. Primary keys and unique indexes
        stay, so uniqueness is checked as rows go in."""
        self.cr.execute(SQL("SELECT rolsuper FROM pg_roles WHERE rolname = current_user"))
        superuser = self.cr.fetchone()[0]
        self.execute(SQL("SET maintenance_work_mem = '256MB'"))
        indexes = self.drop_secondary_indexes()
        if superuser:
            self.execute(SQL("SET session_replication_role = replica"))
        try:
            yield
        finally:
            if superuser:
                self.execute(SQL("SET session_replication_role = DEFAULT"))
        self.step("indexes built", lambda: self.build_indexes(indexes))
        self.execute(SQL("RESET maintenance_work_mem"))
        if superuser:
            self.step("foreign keys checked", self.check_foreign_keys)

    def drop_secondary_indexes(self):
        """Drop the indexes of :data:`BULK_TABLES` that are neither primary
        keys nor unique; return their definitions."""
        self.cr.execute(
            SQL(
                """
                SELECT index.relname, pg_get_indexdef(ix.indexrelid)
                  FROM pg_index ix
                  JOIN pg_class index ON index.oid = ix.indexrelid
                  JOIN pg_class tab ON tab.oid = ix.indrelid
                 WHERE tab.relname = ANY(%s) AND tab.relnamespace = 'public'::regnamespace
                   AND NOT ix.indisunique AND NOT ix.indisprimary
                 ORDER BY 1
                """,
                list(BULK_TABLES),
            )
        )
        indexes = self.cr.fetchall()
        for name, _definition in indexes:
            self.execute(SQL("DROP INDEX %s", SQL.identifier(name)))
        return indexes

    def build_indexes(self, indexes):
        for _name, definition in indexes:
            # PostgreSQL's own text of the index, which SQL() would parse for %s
            self.cr.execute(definition)
        return len(indexes)

    def check_foreign_keys(self):
        """Count the references of :data:`BULK_TABLES` to a missing row, per
        foreign key, in one scan per table; raise when any is found."""
        self.cr.execute(
            SQL(
                """
                SELECT child.relname, attribute.attname, parent.relname, parent_key.attname
                  FROM pg_constraint con
                  JOIN pg_class child ON child.oid = con.conrelid
                  JOIN pg_class parent ON parent.oid = con.confrelid
                  JOIN pg_attribute attribute
                       ON attribute.attrelid = con.conrelid AND attribute.attnum = con.conkey[1]
                  JOIN pg_attribute parent_key
                       ON parent_key.attrelid = con.confrelid
                      AND parent_key.attnum = con.confkey[1]
                 WHERE con.contype = 'f' AND cardinality(con.conkey) = 1
                   AND child.relname = ANY(%s) AND child.relnamespace = 'public'::regnamespace
                 ORDER BY 1, 2
                """,
                list(BULK_TABLES),
            )
        )
        keys_by_table = {}
        for table, column, parent, parent_column in self.cr.fetchall():
            keys_by_table.setdefault(table, []).append((column, parent, parent_column))
        dangling = {}
        for table, keys in keys_by_table.items():
            joins = SQL(" ").join(
                SQL(
                    "LEFT JOIN %s %s ON %s = %s",
                    SQL.identifier(parent),
                    SQL.identifier(f"p{index}"),
                    SQL.identifier(f"p{index}", parent_column),
                    SQL.identifier("c", column),
                )
                for index, (column, parent, parent_column) in enumerate(keys)
            )
            counts = SQL(", ").join(
                SQL(
                    "count(*) FILTER (WHERE %s IS NOT NULL AND %s IS NULL)",
                    SQL.identifier("c", column),
                    SQL.identifier(f"p{index}", parent_column),
                )
                for index, (column, _parent, parent_column) in enumerate(keys)
            )
            self.cr.execute(SQL("SELECT %s FROM %s c %s", counts, SQL.identifier(table), joins))
            for (column, parent, _key), missing in zip(keys, self.cr.fetchone(), strict=True):
                if missing:
                    dangling[f"{table}.{column} -> {parent}"] = missing
        if dangling:
            raise ValueError(f"Generated rows refer to missing rows: {dangling}")
        return sum(len(keys) for keys in keys_by_table.values())

    # ------------------------------------------------------------------
    # Configuration, through the ORM (a few dozen records)
    # ------------------------------------------------------------------

    def make_team(self):
        sizes = self.sizes
        group = self.env.ref("sales_team.group_sale_salesman")
        users = (
            self.env["res.users"]
            .with_context(no_reset_password=True, mail_create_nolog=True)
            .create(
                [
                    {
                        "name": f"{PREFIX} Salesperson {n}",
                        "login": f"bench.sales.{n}.{self.cr.dbname}",
                        "groups_id": [Command.set(group.ids)],
                    }
                    for n in range(sizes.salespeople)
                ]
            )
        )
        teams = self.env["crm.team"].create(
            [
                {
                    "name": f"{PREFIX} Team {n}",
                    "user_id": users[n].id,
                    "crm_team_member_ids": [
                        Command.create({"user_id": user.id}) for user in users[n :: sizes.teams]
                    ],
                }
                for n in range(sizes.teams)
            ]
        )
        self.users = users
        self.teams = teams
        # user id -> team id, as arrays for SQL
        self.team_of = {user.id: teams[index % sizes.teams].id for index, user in enumerate(users)}
        return len(users) + len(teams)

    def make_product(self):
        self.product = self.env["product.product"].create(
            {
                "name": f"{PREFIX} Service",
                "type": "service",
                "invoice_policy": "order",
                "list_price": 100.0,
                "taxes_id": [Command.clear()],
            }
        )
        accounts = self.product.product_tmpl_id.get_product_accounts()
        self.income_account = accounts["income"]
        self.receivable_account = (
            self.env["res.partner"]
            ._fields["property_account_receivable_id"]
            .get_company_dependent_fallback(self.env["res.partner"])
        )
        self.sale_journal = self.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", self.company.id)], limit=1
        )
        self.bank_journal = self.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", self.company.id)], limit=1
        )
        # Payments go straight to the bank account, as a reconciled statement line does.
        self.bank_account = self.bank_journal.default_account_id
        return 1

    def ids_sql(self):
        """Arrays of the salespeople and their teams, aligned."""
        user_ids = self.users.ids
        return SQL(
            "(SELECT %s::int[] AS users, %s::int[] AS teams) ids",
            user_ids,
            [self.team_of[uid] for uid in user_ids],
        )

    # ------------------------------------------------------------------
    # Customers and orders
    # ------------------------------------------------------------------

    def make_customers(self):
        count = self.execute(
            SQL(
                """
                INSERT INTO res_partner (id, commercial_partner_id, name, complete_name,
                       commercial_company_name,
                       company_id, type, active, is_company, lang, email, email_normalized,
                       phone, phone_sanitized, user_id, customer_rank,
                       supplier_rank, partner_share, autopost_bills, color,
                       create_uid, write_uid, create_date, write_date)
                SELECT id, id, %(prefix)s || ' Customer ' || n, %(prefix)s || ' Customer ' || n,
                       %(prefix)s || ' Customer ' || n, NULL, 'contact', TRUE, TRUE, 'en_US',
                       'customer' || n || '@bench.example.com',
                       'customer' || n || '@bench.example.com', '+86 10 ' || (10000000 + n),
                       '+86 10 ' || (10000000 + n),
                       ids.users[1 + mod(n, cardinality(ids.users))], 0, 0, TRUE, 'ask', 0,
                       1, 1, now(), now()
                  FROM (SELECT nextval('res_partner_id_seq') AS id, n
                          FROM generate_series(1, %(count)s) n) s, %(ids)s
                """,
                prefix=PREFIX,
                count=self.sizes.customers,
                ids=self.ids_sql(),
            )
        )
        self.partner_range = self.id_range("res_partner", f"{PREFIX} Customer %")
        return count

    def make_orders(self):
        days = (self.today - self.first_day).days
        count = self.execute(
            SQL(
                """
                INSERT INTO sale_order (name, partner_id, partner_invoice_id,
                       partner_shipping_id, company_id, currency_id, date_order, state,
                       user_id, team_id, currency_rate, amount_untaxed, amount_tax,
                       amount_total, invoice_status, pricelist_id, require_signature,
                       require_payment, prepayment_percent, locked, origin,
                       create_uid, write_uid, create_date, write_date)
                SELECT 'S' || %(prefix)s || lpad(n::text, 7, '0'), p, p, p,
                       %(company)s, %(currency)s, d, 'sale',
                       ids.users[1 + mod((p + n / 97), cardinality(ids.users))],
                       ids.teams[1 + mod((p + n / 97), cardinality(ids.teams))],
                       1, 0, 0, 0, 'invoiced', NULL, FALSE, FALSE, 1.0, FALSE, NULL,
                       1, 1, d, d
                  FROM (SELECT n, %(first_partner)s + mod(n::bigint * 7919, %(partners)s)::int AS p,
                               %(first)s::timestamp
                               + (mod(n::bigint * 104729, %(days)s)::int) * interval '1 day'
                               + (mod(n, 9) + 1) * interval '1 hour' AS d
                          FROM generate_series(1, %(count)s) n) s, %(ids)s
                """,
                prefix=PREFIX,
                company=self.company.id,
                currency=self.company.currency_id.id,
                first_partner=self.partner_range[0],
                partners=self.partner_range[1] - self.partner_range[0] + 1,
                first=self.first_day,
                days=days,
                count=self.sizes.orders,
                ids=self.ids_sql(),
            )
        )
        self.order_range = self.id_range("sale_order", f"S{PREFIX}%")
        return count

    def make_order_lines(self):
        # 1, 3, 6 lines in turn: 10/3 lines per order on average.
        count = self.execute(
            SQL(
                """
                INSERT INTO sale_order_line (order_id, name, sequence, product_id, product_uom,
                       product_uom_qty, price_unit, technical_price_unit, discount,
                       price_subtotal, price_tax, price_total, price_reduce_taxexcl,
                       price_reduce_taxinc, customer_lead, company_id, currency_id,
                       salesman_id, order_partner_id, state, qty_delivered,
                       qty_delivered_method, qty_invoiced, qty_to_invoice,
                       untaxed_amount_invoiced, untaxed_amount_to_invoice, invoice_status,
                       create_uid, write_uid, create_date, write_date)
                SELECT so.id, %(name)s, line, %(product)s, %(uom)s, qty, 100.0 * line,
                       100.0 * line, 0, qty * 100.0 * line, 0, qty * 100.0 * line,
                       100.0 * line, 100.0 * line, 0, so.company_id, so.currency_id,
                       so.user_id, so.partner_id, 'sale', 0, 'manual', qty, 0,
                       qty * 100.0 * line, 0, 'invoiced', 1, 1, so.create_date, so.create_date
                  FROM sale_order so,
                       LATERAL generate_series(1, (ARRAY[1, 3, 6])[1 + mod(so.id, 3)]) line,
                       LATERAL (SELECT 1 + mod((so.id + line), 4) AS qty) q
                 WHERE so.id BETWEEN %(first)s AND %(last)s
                """,
                name=self.product.display_name,
                product=self.product.id,
                uom=self.product.uom_id.id,
                first=self.order_range[0],
                last=self.order_range[1],
            )
        )
        self.execute(
            SQL(
                """
                UPDATE sale_order so
                   SET amount_untaxed = t.total, amount_total = t.total
                  FROM (SELECT order_id, sum(price_subtotal) AS total FROM sale_order_line
                         WHERE order_id BETWEEN %(first)s AND %(last)s GROUP BY order_id) t
                 WHERE t.order_id = so.id
                """,
                first=self.order_range[0],
                last=self.order_range[1],
            )
        )
        return count

    # ------------------------------------------------------------------
    # Accounting: one posted invoice per order, payments, credit notes
    # ------------------------------------------------------------------

    def make_invoices(self):
        """One invoice per order, a few days after it; one line per order line."""
        self.analyze("sale_order", "sale_order_line", "res_partner")
        self.execute(
            SQL(
                """
                CREATE TEMP TABLE bench_invoice ON COMMIT DROP AS
                SELECT nextval('account_move_id_seq') AS move_id, so.id AS order_id, day,
                       row_number() OVER (PARTITION BY extract(year FROM day) ORDER BY so.id)
                           AS number
                  FROM (SELECT id, date_order::date + 3 AS day FROM sale_order
                         WHERE id BETWEEN %(first)s AND %(last)s) so
                 WHERE so.day <= %(today)s
                """,
                first=self.order_range[0],
                last=self.order_range[1],
                today=self.today,
            )
        )
        count = self.execute(
            SQL(
                """
                INSERT INTO account_move (id, name, date, invoice_date, invoice_date_due,
                       state, move_type, auto_post, journal_id, company_id, currency_id,
                       partner_id, commercial_partner_id, invoice_user_id, team_id,
                       invoice_origin, invoice_partner_display_name, sequence_prefix,
                       sequence_number, amount_untaxed, amount_tax, amount_total,
                       amount_residual, amount_untaxed_signed, amount_untaxed_in_currency_signed,
                       amount_tax_signed, amount_total_signed, amount_total_in_currency_signed,
                       amount_residual_signed, payment_state, posted_before, is_move_sent,
                       is_storno, always_tax_exigible, made_sequence_gap, checked,
                       invoice_currency_rate, create_uid, write_uid, create_date, write_date)
                SELECT bi.move_id, 'INV/' || extract(year FROM day) || '/'
                           || lpad(number::text, 7, '0'),
                       day, day, day + 30, 'posted', 'out_invoice', 'no', %(journal)s,
                       so.company_id, so.currency_id, so.partner_id, so.partner_id, so.user_id,
                       so.team_id, so.name, p.name,
                       'INV/' || extract(year FROM day) || '/', number,
                       so.amount_untaxed, 0, so.amount_total, so.amount_total,
                       so.amount_untaxed, so.amount_untaxed, 0, so.amount_total,
                       so.amount_total, so.amount_total, 'not_paid', TRUE, FALSE, FALSE,
                       FALSE, FALSE, TRUE, 1.0, 1, 1, day, day
                  FROM bench_invoice bi
                  JOIN sale_order so ON so.id = bi.order_id
                  JOIN res_partner p ON p.id = so.partner_id
                """,
                journal=self.sale_journal.id,
            )
        )
        self.execute(SQL("CREATE INDEX ON bench_invoice (order_id)"))
        self._invoice_lines(
            SQL(
                """
                SELECT bi.move_id, sol.id AS sol_id, sol.name, sol.sequence,
                       sol.product_uom_qty AS qty, sol.price_unit,
                       sol.price_subtotal AS amount
                  FROM bench_invoice bi JOIN sale_order_line sol ON sol.order_id = bi.order_id
                """
            ),
            sign=-1,
        )
        return count

    def _invoice_lines(self, source, sign):
        """Product lines from ``source`` (move_id, sol_id, name, sequence, qty,
        price_unit, amount) and one receivable line per move; ``sign`` -1 for
        invoices (income credited), +1 for credit notes."""
        self.analyze("account_move")
        self.execute(
            SQL(
                """
                CREATE TEMP TABLE bench_lines ON COMMIT DROP AS
                SELECT nextval('account_move_line_id_seq') AS id, src.*
                  FROM (%s) src
                """,
                source,
            )
        )
        common = SQL(
            """am.journal_id, am.company_id, am.currency_id, am.currency_id,
               am.commercial_partner_id,
               am.date, am.invoice_date, 'posted', am.name, am.ref, 1, 1, am.create_date,
               am.create_date"""
        )
        self.execute(
            SQL(
                """
                INSERT INTO account_move_line (id, move_id, journal_id, company_id, currency_id,
                       company_currency_id, partner_id, date, invoice_date, parent_state,
                       move_name, ref, create_uid, write_uid, create_date, write_date,
                       account_id, name, sequence, display_type, product_id, product_uom_id,
                       quantity, price_unit, discount, price_subtotal, price_total,
                       balance, debit, credit, amount_currency, amount_residual,
                       amount_residual_currency, reconciled, tax_tag_invert)
                SELECT bl.id, bl.move_id, %(common)s,
                       %(income)s, bl.name, bl.sequence, 'product', %(product)s, %(uom)s,
                       bl.qty, bl.price_unit, 0, bl.amount, bl.amount,
                       %(sign)s * bl.amount, GREATEST(%(sign)s * bl.amount, 0),
                       GREATEST(-%(sign)s * bl.amount, 0), %(sign)s * bl.amount, 0, 0, FALSE,
                       %(invert)s
                  FROM bench_lines bl JOIN account_move am ON am.id = bl.move_id
                """,
                common=common,
                income=self.income_account.id,
                product=self.product.id,
                uom=self.product.uom_id.id,
                sign=sign,
                invert=sign < 0,
            )
        )
        self.analyze("account_move_line")
        self.execute(
            SQL(
                """
                INSERT INTO sale_order_line_invoice_rel (invoice_line_id, order_line_id)
                SELECT id, sol_id FROM bench_lines
                """
            )
        )
        self.execute(
            SQL(
                """
                INSERT INTO account_move_line (move_id, journal_id, company_id, currency_id,
                       company_currency_id, partner_id, date, invoice_date, parent_state,
                       move_name, ref, create_uid, write_uid, create_date, write_date,
                       account_id, name, sequence, display_type, date_maturity, quantity,
                       price_unit, discount, price_subtotal, price_total,
                       balance, debit, credit, amount_currency, amount_residual,
                       amount_residual_currency, reconciled, tax_tag_invert)
                SELECT am.id, %(common)s,
                       %(receivable)s, am.name, 10000, 'payment_term', am.invoice_date_due,
                       1, 0, 0, 0, 0,
                       -%(sign)s * am.amount_total, GREATEST(-%(sign)s * am.amount_total, 0),
                       GREATEST(%(sign)s * am.amount_total, 0), -%(sign)s * am.amount_total,
                       -%(sign)s * am.amount_total, -%(sign)s * am.amount_total, FALSE, FALSE
                  FROM account_move am WHERE am.id IN (SELECT DISTINCT move_id FROM bench_lines)
                """,
                common=common,
                receivable=self.receivable_account.id,
                sign=sign,
            )
        )
        self.execute(SQL("DROP TABLE bench_lines"))

    def make_credit_notes(self):
        """A full credit note for one invoice in fifty, reconciled with it."""
        count = self.execute(
            SQL(
                """
                INSERT INTO account_move (name, date, invoice_date, invoice_date_due,
                       state, move_type, auto_post, journal_id, company_id, currency_id,
                       partner_id, commercial_partner_id, invoice_user_id, team_id,
                       invoice_origin, invoice_partner_display_name, sequence_prefix,
                       sequence_number, amount_untaxed, amount_tax, amount_total,
                       amount_residual, amount_untaxed_signed, amount_untaxed_in_currency_signed,
                       amount_tax_signed, amount_total_signed, amount_total_in_currency_signed,
                       amount_residual_signed, payment_state, reversed_entry_id, ref,
                       posted_before, is_move_sent, is_storno, always_tax_exigible,
                       made_sequence_gap, checked, invoice_currency_rate,
                       create_uid, write_uid, create_date, write_date)
                SELECT 'RINV/' || extract(year FROM day) || '/' || lpad(number::text, 7, '0'),
                       day, day, day, 'posted', 'out_refund', 'no', journal_id,
                       company_id, currency_id, partner_id, commercial_partner_id,
                       invoice_user_id, team_id, invoice_origin, invoice_partner_display_name,
                       'RINV/' || extract(year FROM day) || '/', number,
                       amount_untaxed, 0, amount_total, 0, -amount_untaxed, -amount_untaxed,
                       0, -amount_total, -amount_total, 0, 'paid', id, 'Reversal of: ' || name,
                       TRUE, FALSE, FALSE, FALSE, FALSE, TRUE, 1.0, 1, 1, day, day
                  FROM (SELECT am.*, am.invoice_date + 10 AS day,
                               row_number() OVER (
                                   PARTITION BY extract(year FROM am.invoice_date + 10)
                                                  ORDER BY am.id) AS number
                          FROM account_move am JOIN bench_invoice bi ON bi.move_id = am.id
                         WHERE mod(am.id, 50) = 7 AND am.invoice_date + 10 <= %(today)s) inv
                """,
                today=self.today,
            )
        )
        self._invoice_lines(
            SQL(
                """
                SELECT refund.id AS move_id, rel.order_line_id AS sol_id, aml.name,
                       aml.sequence, aml.quantity AS qty, aml.price_unit,
                       aml.price_subtotal AS amount
                  FROM account_move refund
                  JOIN bench_invoice bi ON bi.move_id = refund.reversed_entry_id
                  JOIN account_move_line aml ON aml.move_id = refund.reversed_entry_id
                       AND aml.display_type = 'product'
                  JOIN sale_order_line_invoice_rel rel ON rel.invoice_line_id = aml.id
                 WHERE refund.move_type = 'out_refund'
                """
            ),
            sign=1,
        )
        self._reconcile(
            SQL(
                """
                SELECT inv.id AS debit_line, ref.id AS credit_line, refund.amount_total AS amount,
                       refund.date AS day, refund.reversed_entry_id AS invoice_id,
                       refund.id AS counterpart_move
                  FROM account_move refund
                  JOIN bench_invoice bi ON bi.move_id = refund.reversed_entry_id
                  JOIN account_move_line inv ON inv.move_id = refund.reversed_entry_id
                       AND inv.display_type = 'payment_term'
                  JOIN account_move_line ref ON ref.move_id = refund.id
                       AND ref.display_type = 'payment_term'
                 WHERE refund.move_type = 'out_refund'
                """
            ),
            invoice_state="reversed",
        )
        return count

    def make_payments(self):
        """Invoices due more than a month ago are paid (nine in ten, the rest are
        late); a bank entry per invoice on its due date, reconciled with it."""
        self.execute(
            SQL(
                """
                CREATE TEMP TABLE bench_paid ON COMMIT DROP AS
                SELECT am.id AS invoice_id, am.invoice_date_due AS day, am.amount_total AS amount,
                       am.commercial_partner_id AS partner, am.name AS invoice_name,
                       row_number() OVER (PARTITION BY extract(year FROM am.invoice_date_due)
                                          ORDER BY am.id) AS number,
                       nextval('account_move_id_seq') AS move_id
                  FROM account_move am JOIN bench_invoice bi ON bi.move_id = am.id
                 WHERE am.payment_state = 'not_paid'
                   AND (am.invoice_date_due <= %(paid_before)s AND mod(am.id, 10) <> 3)
                """,
                paid_before=self.today - timedelta(days=30),
            )
        )
        count = self.execute(
            SQL(
                """
                INSERT INTO account_move (id, name, ref, date, state, move_type, auto_post,
                       journal_id, company_id, currency_id, partner_id, commercial_partner_id,
                       sequence_prefix, sequence_number, amount_untaxed, amount_tax,
                       amount_total, amount_residual, amount_untaxed_signed,
                       amount_untaxed_in_currency_signed, amount_tax_signed,
                       amount_total_signed, amount_total_in_currency_signed,
                       amount_residual_signed, payment_state, posted_before, is_move_sent,
                       is_storno, always_tax_exigible, made_sequence_gap, checked,
                       invoice_currency_rate, create_uid, write_uid, create_date, write_date,
                       invoice_partner_display_name)
                SELECT move_id, %(code)s || '/' || extract(year FROM day) || '/'
                           || lpad(number::text, 7, '0'),
                       invoice_name, day, 'posted', 'entry', 'no', %(journal)s, %(company)s,
                       %(currency)s, partner, partner,
                       %(code)s || '/' || extract(year FROM day) || '/', number,
                       0, 0, amount, 0, 0, 0, 0, amount, amount, 0, 'not_paid', TRUE, FALSE,
                       FALSE, TRUE, FALSE, TRUE, 1.0, 1, 1, day, day, p.name
                  FROM bench_paid JOIN res_partner p ON p.id = bench_paid.partner
                """,
                code=f"P{self.bank_journal.code}",
                journal=self.bank_journal.id,
                company=self.company.id,
                currency=self.company.currency_id.id,
            )
        )
        self.analyze("account_move")
        for account, sign, kind in (
            (self.bank_account, 1, "bank"),
            (self.receivable_account, -1, "receivable"),
        ):
            self.execute(
                SQL(
                    """
                    INSERT INTO account_move_line (move_id, journal_id, company_id, currency_id,
                           company_currency_id, partner_id, date, parent_state, move_name, ref,
                           account_id, name, sequence, display_type, quantity, price_unit,
                           discount, price_subtotal, price_total, balance, debit, credit,
                           amount_currency, amount_residual, amount_residual_currency,
                           reconciled, tax_tag_invert, create_uid, write_uid, create_date,
                           write_date)
                    SELECT am.id, am.journal_id, am.company_id, am.currency_id, am.currency_id,
                           am.partner_id, am.date, 'posted', am.name, am.ref, %(account)s, am.ref,
                           %(sequence)s, 'product', 1, %(sign)s * am.amount_total, 0,
                           %(sign)s * am.amount_total, %(sign)s * am.amount_total,
                           %(sign)s * am.amount_total,
                           GREATEST(%(sign)s * am.amount_total, 0),
                           GREATEST(-%(sign)s * am.amount_total, 0),
                           %(sign)s * am.amount_total, %(residual)s, %(residual)s, FALSE, FALSE,
                           1, 1, am.create_date, am.create_date
                      FROM account_move am JOIN bench_paid bp ON bp.move_id = am.id
                    """,
                    account=account.id,
                    sequence=10 if kind == "bank" else 20,
                    sign=sign,
                    residual=SQL("am.amount_total") if kind == "bank" else SQL("0"),
                )
            )
        self._reconcile(
            SQL(
                """
                SELECT inv.id AS debit_line, pay.id AS credit_line, bp.amount, bp.day,
                       bp.invoice_id, bp.move_id AS counterpart_move
                  FROM bench_paid bp
                  JOIN account_move_line inv ON inv.move_id = bp.invoice_id
                       AND inv.display_type = 'payment_term'
                  JOIN account_move_line pay ON pay.move_id = bp.move_id
                       AND pay.account_id = %s
                """,
                self.receivable_account.id,
            ),
            invoice_state="paid",
        )
        return count

    def _reconcile(self, pairs, invoice_state):
        """Full reconciliation of ``pairs`` (debit_line, credit_line, amount,
        day, invoice_id, counterpart_move): partials, full reconciles, residuals
        and payment states."""
        self.execute(
            SQL(
                """
                CREATE TEMP TABLE bench_pairs ON COMMIT DROP AS
                SELECT pairs.*, nextval('account_full_reconcile_id_seq') AS full_id
                  FROM (%s) pairs
                """,
                pairs,
            )
        )
        self.analyze("account_move_line")
        self.execute(
            SQL(
                """
                INSERT INTO account_full_reconcile (id, create_uid, write_uid, create_date,
                       write_date)
                SELECT full_id, 1, 1, day, day FROM bench_pairs
                """
            )
        )
        self.analyze("account_full_reconcile")
        self.execute(
            SQL(
                """
                INSERT INTO account_partial_reconcile (debit_move_id, credit_move_id,
                       full_reconcile_id, debit_currency_id, credit_currency_id, amount,
                       debit_amount_currency, credit_amount_currency, company_id, max_date,
                       create_uid, write_uid, create_date, write_date)
                SELECT debit_line, credit_line, full_id, %(currency)s, %(currency)s, amount,
                       amount, amount, %(company)s, day, 1, 1, day, day
                  FROM bench_pairs
                """,
                currency=self.company.currency_id.id,
                company=self.company.id,
            )
        )
        self.execute(
            SQL(
                """
                UPDATE account_move_line aml
                   SET amount_residual = 0, amount_residual_currency = 0, reconciled = TRUE,
                       full_reconcile_id = bp.full_id, matching_number = bp.full_id::text
                  FROM (SELECT debit_line AS line_id, full_id FROM bench_pairs
                        UNION ALL
                        SELECT credit_line, full_id FROM bench_pairs) bp
                 WHERE aml.id = bp.line_id
                """
            )
        )
        self.execute(
            SQL(
                """
                UPDATE account_move am
                   SET amount_residual = 0, amount_residual_signed = 0, payment_state = %s
                  FROM bench_pairs bp WHERE am.id = bp.invoice_id
                """,
                invoice_state,
            )
        )
        self.execute(SQL("DROP TABLE bench_pairs"))

    def update_invoiced(self):
        """Order lines of credited invoices are to invoice again."""
        return self.execute(
            SQL(
                """
                WITH credited AS (
                    SELECT rel.order_line_id
                      FROM sale_order_line_invoice_rel rel
                      JOIN account_move_line aml ON aml.id = rel.invoice_line_id
                      JOIN account_move am ON am.id = aml.move_id
                     WHERE am.move_type = 'out_refund' AND am.invoice_origin LIKE %(prefix)s
                    UNION ALL
                    SELECT sol.id FROM sale_order_line sol
                     WHERE sol.order_id BETWEEN %(first)s AND %(last)s
                       AND NOT EXISTS (SELECT 1 FROM bench_invoice bi
                                        WHERE bi.order_id = sol.order_id)
                )
                UPDATE sale_order_line sol
                   SET qty_invoiced = 0, qty_to_invoice = sol.product_uom_qty,
                       untaxed_amount_invoiced = 0,
                       untaxed_amount_to_invoice = sol.price_subtotal,
                       invoice_status = 'to invoice'
                  FROM credited WHERE credited.order_line_id = sol.id
                """,
                prefix=f"S{PREFIX}%",
                first=self.order_range[0],
                last=self.order_range[1],
            )
        ) + self.execute(
            SQL(
                """
                UPDATE sale_order so SET invoice_status = CASE
                       WHEN EXISTS (SELECT 1 FROM sale_order_line sol WHERE sol.order_id = so.id
                                       AND sol.invoice_status = 'to invoice') THEN 'to invoice'
                       ELSE 'invoiced' END
                 WHERE so.id BETWEEN %s AND %s
                   AND (so.date_order::date + 3 > %s OR EXISTS (
                        SELECT 1 FROM sale_order_line sol WHERE sol.order_id = so.id
                           AND sol.invoice_status = 'to invoice'))
                """,
                self.order_range[0],
                self.order_range[1],
                self.today,
            )
        )

    def update_ranks(self):
        """``customer_rank``: one per order, as confirming an order does."""
        return self.execute(
            SQL(
                """
                UPDATE res_partner p SET customer_rank = c.n
                  FROM (SELECT partner_id, count(*) AS n FROM sale_order
                         WHERE id BETWEEN %s AND %s GROUP BY partner_id) c
                 WHERE c.partner_id = p.id
                """,
                self.order_range[0],
                self.order_range[1],
            )
        )

    # ------------------------------------------------------------------
    # Opportunities and their stage history
    # ------------------------------------------------------------------

    def make_leads(self):
        """Opportunities over three years; the last stage decides probability,
        activity (one in five old ones lost) and the closing date."""
        stages = self.env["crm.stage"].search([("team_id", "=", False)], order="sequence, id")
        self.stage_ids = stages.ids
        self.won_index = next(
            (index for index, stage in enumerate(stages) if stage.is_won), len(stages) - 1
        )
        days = (self.today - self.first_day).days
        count = self.execute(
            SQL(
                """
                INSERT INTO crm_lead (name, type, active, partner_id, email_from,
                       email_normalized, email_domain_criterion, email_state, phone,
                       phone_sanitized, day_close,
                       partner_name, contact_name, user_id, team_id, company_id, stage_id,
                       probability, automated_probability, expected_revenue,
                       prorated_revenue, date_open, date_last_stage_update, date_closed,
                       date_deadline, priority, color, lang_id,
                       create_uid, write_uid, create_date, write_date)
                SELECT %(prefix)s || ' Deal ' || n, 'opportunity',
                       NOT (final < %(won)s AND created < %(old)s AND mod(n, 5) = 0),
                       p.id, p.email, p.email_normalized,
                       '@' || split_part(p.email_normalized, '@', 2), 'correct', p.phone,
                       p.phone_sanitized,
                       CASE WHEN final = %(won)s
                            OR (final < %(won)s AND created < %(old)s AND mod(n, 5) = 0)
                            THEN 4 * %(history)s ELSE 0 END,
                       NULL, NULL, p.user_id, ut.team_id,
                       %(company)s, ids.stages[final + 1],
                       CASE WHEN final = %(won)s THEN 100
                            WHEN final < %(won)s AND created < %(old)s AND mod(n, 5) = 0 THEN 0
                            ELSE 10 + 25 * final END,
                       CASE WHEN final = %(won)s THEN 100 ELSE 10 + 25 * final END,
                       1000 * (1 + mod(n, 50)),
                       1000 * (1 + mod(n, 50)) * (CASE WHEN final = %(won)s THEN 100
                            WHEN final < %(won)s AND created < %(old)s AND mod(n, 5) = 0 THEN 0
                            ELSE 10 + 25 * final END) / 100.0,
                       created, created + interval '1 day' * (4 * %(history)s),
                       CASE WHEN final = %(won)s
                            OR (final < %(won)s AND created < %(old)s AND mod(n, 5) = 0)
                            THEN created + interval '1 day' * (4 * %(history)s) END,
                       created::date + 60, (mod(n, 4))::text, 0, p_lang.id,
                       1, 1, created, created
                  FROM (SELECT n,
                               %(first_partner)s + mod(n::bigint * 6007, %(partners)s)::int
                                   AS partner,
                               %(first)s::timestamp
                                   + mod(n::bigint * 7727, %(days)s)::int * interval '1 day'
                                   + interval '9 hours' AS created,
                               CASE WHEN mod(n::bigint * 7727, %(days)s)::int > %(days)s - 90
                                    THEN mod(n, %(won)s) ELSE mod(n, (%(won)s + 1)) END AS final
                          FROM generate_series(1, %(count)s) n) s
                  JOIN res_partner p ON p.id = s.partner
                  JOIN unnest(%(users)s::int[], %(teams)s::int[]) ut(user_id, team_id)
                       ON ut.user_id = p.user_id
                  LEFT JOIN res_lang p_lang ON p_lang.code = p.lang,
                  (SELECT %(stages)s::int[] AS stages) ids
                """,
                prefix=PREFIX,
                won=self.won_index,
                old=self.today - timedelta(days=180),
                company=self.company.id,
                history=HISTORY_PER_LEAD,
                first_partner=self.partner_range[0],
                partners=self.partner_range[1] - self.partner_range[0] + 1,
                first=self.first_day,
                days=days - 4 * HISTORY_PER_LEAD,
                count=self.sizes.leads,
                stages=self.stage_ids,
                users=self.users.ids,
                teams=[self.team_of[uid] for uid in self.users.ids],
            )
        )
        self.lead_range = self.id_range("crm_lead", f"{PREFIX} Deal %")
        return count

    def make_stage_history(self):
        """Five moves per lead, four days apart, ending in its stage: forward
        with a step back, as sales do."""
        return self.execute(
            SQL(
                """
                INSERT INTO sales_lead_stage_history (lead_id, stage_from_id, stage_to_id, date,
                       user_id, days_in_stage, overridden, company_id, next_stage_id,
                       days_before_next, create_uid, write_uid, create_date, write_date)
                SELECT lead_id, ids.stages[lag(idx) OVER w + 1], ids.stages[idx + 1], day,
                       user_id, CASE WHEN step > 1 THEN 4 END, FALSE, company_id,
                       ids.stages[lead(idx) OVER w + 1],
                       CASE WHEN step < %(history)s THEN 4 END,
                       1, 1, day, day
                  FROM (SELECT l.id AS lead_id, l.user_id, l.company_id, step,
                               l.create_date + interval '4 days' * (step - 1) AS day,
                               CASE WHEN step = %(history)s THEN final
                                    ELSE LEAST(mod(abs(final - (%(history)s - step)), %(won)s),
                                               %(won)s - 1) END AS idx
                          FROM (SELECT l.*, array_position(%(stages)s::int[], l.stage_id) - 1
                                       AS final
                                  FROM crm_lead l
                                 WHERE l.id BETWEEN %(first)s AND %(last)s) l,
                               generate_series(1, %(history)s) step) h,
                       (SELECT %(stages)s::int[] AS stages) ids
                WINDOW w AS (PARTITION BY lead_id ORDER BY step)
                """,
                history=HISTORY_PER_LEAD,
                won=max(self.won_index, 1),
                stages=self.stage_ids,
                first=self.lead_range[0],
                last=self.lead_range[1],
            )
        )

    # ------------------------------------------------------------------
    # Tickets and feedback: rows in SQL, their stored computes by the ORM
    # ------------------------------------------------------------------

    def _recompute_stored(self, model_name, ids, batch_size=5000):
        """Compute every stored computed field of the rows ``ids`` inserted
        in SQL, in batches, as the ORM would have at create. Without tracking:
        a create tracks nothing, but a recompute logs the change of every
        tracked field (one message per row, at commit)."""
        model = self.env[model_name].with_context(tracking_disable=True)
        stored = [field for field in model._fields.values() if field.store and field.compute]
        for batch in split_every(batch_size, ids, list):
            records = model.browse(batch)
            for field in stored:
                self.env.add_to_compute(field, records)
            records.flush_recordset()
            self.env.invalidate_all()

    def make_tickets(self):
        """Tickets received over the last year, those older than a month solved;
        their SLA deadlines on working time computed by the ORM."""
        Ticket = self.env["sales.ticket"]
        stages = self.env["sales.ticket.stage"].search([], order="sequence, id")
        open_stage = stages.filtered(lambda stage: not stage.is_closed)[:1]
        solved = stages.filtered("is_closed")[:1]
        numbers = Ticket._next_numbers(self.company.id, self.sizes.tickets)
        self.execute(
            SQL(
                """
                INSERT INTO sales_ticket (number, name, active, company_id, partner_id, user_id,
                       date_received, channel, priority, stage_id, is_closed,
                       first_response_date, closed_date, escalation_level,
                       create_uid, write_uid, create_date, write_date)
                SELECT ids.numbers[n], %(prefix)s || ' ticket ' || n, TRUE, %(company)s,
                       %(first_partner)s + mod(n::bigint * 3001, %(partners)s)::int,
                       ids.users[1 + mod(n, cardinality(ids.users))], received,
                       (ARRAY['email', 'phone', 'portal', 'wechat', 'visit'])[1 + mod(n, 5)],
                       (mod(n, 4))::text,
                       CASE WHEN received < %(month_ago)s THEN %(solved)s ELSE %(open)s END,
                       received < %(month_ago)s,
                       CASE WHEN received < %(month_ago)s THEN received + interval '2 hours' END,
                       CASE WHEN received < %(month_ago)s THEN received + interval '3 days' END,
                       NULL, 1, 1, received, received
                  FROM (SELECT n, %(now)s::timestamp
                                  - mod(n::bigint * 7919, 365 * 24 * 60)::int
                                      * interval '1 minute'
                                  AS received
                          FROM generate_series(1, %(count)s) n) s,
                       (SELECT %(users)s::int[] AS users, %(numbers)s::varchar[] AS numbers) ids
                """,
                prefix=PREFIX,
                company=self.company.id,
                first_partner=self.partner_range[0],
                partners=self.partner_range[1] - self.partner_range[0] + 1,
                month_ago=fields.Datetime.now() - timedelta(days=30),
                solved=solved.id,
                open=open_stage.id,
                now=fields.Datetime.now(),
                count=self.sizes.tickets,
                users=self.users.ids,
                numbers=numbers,
            )
        )
        self.cr.execute(
            SQL("SELECT id FROM sales_ticket WHERE name LIKE %s ORDER BY id", f"{PREFIX} ticket %")
        )
        ids = [row[0] for row in self.cr.fetchall()]
        self._recompute_stored("sales.ticket", ids)
        return len(ids)

    def make_feedback(self):
        count = self.execute(
            SQL(
                """
                INSERT INTO sales_feedback (partner_id, company_id, date, source, category,
                       csat, nps, comment, state, create_uid, write_uid, create_date,
                       write_date)
                SELECT %(first_partner)s + mod(n::bigint * 4001, %(partners)s)::int,
                       %(company)s, day,
                       (ARRAY['survey', 'visit', 'online_review', 'phone'])[1 + mod(n, 4)],
                       (ARRAY['product_quality', 'service', 'price', 'after_sales',
                              'delivery'])[1 + mod(n, 5)],
                       (1 + mod(n::bigint * 7, 5)::int)::text, (mod(n::bigint * 3, 11)::int)::text,
                       CASE WHEN mod(n, 3) = 0 THEN 'Bench comment ' || n END,
                       CASE WHEN day < %(month_ago)s THEN 'done' ELSE 'new' END,
                       1, 1, day, day
                  FROM (SELECT n, %(first)s::date + mod(n::bigint * 104723, %(days)s)::int AS day
                          FROM generate_series(1, %(count)s) n) s
                """,
                first_partner=self.partner_range[0],
                partners=self.partner_range[1] - self.partner_range[0] + 1,
                company=self.company.id,
                month_ago=self.today - timedelta(days=30),
                first=self.first_day,
                days=(self.today - self.first_day).days,
                count=self.sizes.feedback,
            )
        )
        self.cr.execute(
            SQL(
                "SELECT id FROM sales_feedback WHERE partner_id BETWEEN %s AND %s ORDER BY id",
                *self.partner_range,
            )
        )
        self._recompute_stored("sales.feedback", [row[0] for row in self.cr.fetchall()])
        return count

    # ------------------------------------------------------------------
    # Targets, through the ORM: weekly lines, confirmed
    # ------------------------------------------------------------------

    def make_targets(self):
        """A revenue target per team for the year, the rest per salesperson
        (revenue, won deals, new customers in turn), all with weekly lines."""
        year_start = date(self.today.year, 1, 1)
        year_end = date(self.today.year, 12, 31)
        measures = ("revenue", "won_deals", "new_customers")
        vals_list = [
            {
                "name": f"{PREFIX} {team.name} {year_start.year}",
                "team_id": team.id,
                "measure": "revenue",
                "date_start": year_start,
                "date_end": year_end,
                "target_input": "target",
                "target_value": 1_000_000.0,
                "granularity": "week",
                "split_method": "even",
            }
            for team in self.teams[: self.sizes.targets]
        ]
        for n in range(self.sizes.targets - len(vals_list)):
            user = self.users[n % len(self.users)]
            quarter = (n // len(self.users)) % 4
            start = date(self.today.year, 3 * quarter + 1, 1)
            end = (
                date(self.today.year, 3 * quarter + 4, 1) - timedelta(days=1)
                if quarter < 3
                else year_end
            )
            measure = measures[(n // (4 * len(self.users)) + n) % len(measures)]
            vals_list.append(
                {
                    "name": f"{PREFIX} {user.name} {measure} Q{quarter + 1}",
                    "user_id": user.id,
                    "measure": measure,
                    "date_start": start,
                    "date_end": end,
                    "target_input": "target",
                    "target_value": 50_000.0 if measure == "revenue" else 20.0,
                    "granularity": "week",
                    "split_method": "even",
                }
            )
        targets = (
            self.env["sales.target"]
            .with_context(tracking_disable=True, mail_create_nolog=True)
            .create(vals_list)
        )
        targets.action_generate_lines()
        targets.action_confirm()
        return len(targets)


# ----------------------------------------------------------------------
# Validity
# ----------------------------------------------------------------------

CHECKED_MODELS = (
    ("res.partner", SQL("name LIKE %s", f"{PREFIX} Customer %")),
    ("sale.order", SQL("name LIKE %s", f"S{PREFIX}%")),
    (
        "sale.order.line",
        SQL("order_id IN (SELECT id FROM sale_order WHERE name LIKE %s)", f"S{PREFIX}%"),
    ),
    (
        "account.move",
        SQL(
            "invoice_origin LIKE %s"
            " OR journal_id IN (SELECT id FROM account_journal WHERE type = 'bank')",
            f"S{PREFIX}%",
        ),
    ),
    (
        "account.move.line",
        SQL(
            "move_id IN (SELECT id FROM account_move WHERE invoice_origin LIKE %s"
            " OR journal_id IN (SELECT id FROM account_journal WHERE type = 'bank'))",
            f"S{PREFIX}%",
        ),
    ),
    ("crm.lead", SQL("name LIKE %s", f"{PREFIX} Deal %")),
    ("sales.lead.stage.history", SQL("TRUE")),
    ("sales.ticket", SQL("name LIKE %s", f"{PREFIX} ticket %")),
    ("sales.feedback", SQL("TRUE")),
)
# Stored computes that legitimately differ when recomputed later: dates of
# "now", and values the ORM itself only sets on some writes.
IGNORED = {
    "write_date",
    "create_date",
    "date_last_stage_update",
    "date_open",
    "date_closed",
    # Predictive lead scoring: computed from frequencies the CRM's own
    # scheduled action rebuilds, not at write.
    "automated_probability",
}


class _Rollback(Exception):
    pass


def check(env, sample=200):
    """Read ``sample`` rows of each generated model through the ORM and
    recompute their stored computed fields (the read-only ones: editable
    computes are defaults a user may change); return ``{model: {field:
    (stored, recomputed) of a differing row}}``, empty when all hold.
    Nothing is written: the recomputation is rolled back."""
    env = env(su=True)
    problems = {}
    for model_name, where in CHECKED_MODELS:
        model = env[model_name]
        env.cr.execute(
            SQL(
                "SELECT id FROM %s WHERE %s ORDER BY random() LIMIT %s",
                SQL.identifier(model._table),
                where,
                sample,
            )
        )
        records = model.browse([row[0] for row in env.cr.fetchall()])
        if not records:
            problems[model_name] = {"rows": (0, sample)}
            continue
        names = [
            name
            for name, field in model._fields.items()
            if field.store
            and field.compute
            and field.readonly
            and name not in IGNORED
            and field.type != "binary"
        ]
        records.read([name for name, field in model._fields.items() if field.store])
        before = {
            name: [model._fields[name].convert_to_read(record[name], record) for record in records]
            for name in names
        }
        differing = {}
        try:
            with env.cr.savepoint():
                for name in names:
                    env.add_to_compute(model._fields[name], records)
                records._recompute_recordset()
                for name in names:
                    field = model._fields[name]
                    after = [field.convert_to_read(record[name], record) for record in records]
                    for old, new in zip(before[name], after, strict=True):
                        if not _same(old, new, field):
                            differing[name] = (old, new)
                            break
                env.flush_all()
                raise _Rollback
        except _Rollback:
            pass
        env.invalidate_all()
        if differing:
            problems[model_name] = differing
    # Each stage-history entry's link to the next one (not a computed field):
    # relinking every lead finds nothing out of step.
    with env.cr.savepoint(flush=False) as savepoint:
        relinked = env["sales.lead.stage.history"]._link_next_entries()
        savepoint.rollback()
    env.invalidate_all()
    if relinked:
        problems.setdefault("sales.lead.stage.history", {})["next entry links"] = (relinked, 0)
    return problems


def _same(old, new, field):
    if field.type in ("float", "monetary"):
        return abs((old or 0) - (new or 0)) < 0.01
    return old == new


def main():
    import argparse

    import odoo
    from odoo import SUPERUSER_ID, api

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--no-check", action="store_true", help="skip the ORM check")
    parser.add_argument("--check-only", action="store_true", help="only check DATABASE")
    options = parser.parse_args()
    odoo.tools.config.parse_config(["-c", options.config, "-d", options.database])
    registry = odoo.modules.registry.Registry(options.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        if options.check_only:
            print("ORM check:", check(env) or "every stored computed field holds")
            return
        start = time.perf_counter()
        timings = Generator(env, options.scale).run()
        total = time.perf_counter() - start
        print(f"| step (scale {options.scale:g}) | rows | s |\n|---|---:|---:|")
        for name, (rows, seconds) in timings.items():
            print(f"| {name} | {rows:,} | {seconds:.1f} |")
        print(f"| **total** | | {total:.1f} |")
        if not options.no_check:
            problems = check(env)
            print("ORM check:", problems or "every stored computed field holds")
        cr.commit()


if __name__ == "__main__":
    main()
