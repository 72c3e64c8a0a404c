import logging
import threading
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL, split_every

from ..core.customers import (
    CustomerHistory,
    LifecycleThresholds,
    lifecycle_stage,
    lifecycle_transitions,
    rfm_scores,
    rfm_segment,
)

_logger = logging.getLogger(__name__)

# Customers written (and committed, by the scheduled action) at a time.
PROFILE_BATCH_SIZE = 2000
# Settings of PRODUCT.md §15: field name -> (config parameter, type).
THRESHOLD_PARAMETERS = {
    "loyal_min_orders": ("sales_mgmt_system.loyal_min_orders", int),
    "loyal_min_revenue": ("sales_mgmt_system.loyal_min_revenue", float),
    "loyal_window_days": ("sales_mgmt_system.loyal_window_days", int),
    "at_risk_days": ("sales_mgmt_system.at_risk_days", int),
    "churned_days": ("sales_mgmt_system.churned_days", int),
    "rfm_window_days": ("sales_mgmt_system.rfm_window_days", int),
}
# Recommendations: co-purchases over this many days, kept per customer.
RECOMMENDATION_DAYS = 365
RECOMMENDATIONS_PER_CUSTOMER = 5
# Best partners kept per product before scoring, to bound the work.
PAIRS_PER_PRODUCT = 20

FIGURE_COLUMNS = (
    ("customer_order_count", "int4"),
    ("customer_revenue", "numeric"),
    ("first_order_date", "date"),
    ("last_order_date", "date"),
    ("avg_order_value", "numeric"),
    ("lifecycle_stage", "varchar"),
)
RFM_COLUMNS = (
    ("rfm_recency", "int4"),
    ("rfm_frequency", "int4"),
    ("rfm_monetary", "int4"),
    ("rfm_segment", "varchar"),
)


class SalesCustomerLifecycle(models.AbstractModel):
    """Customer profiles, lifecycle stages, RFM scores and segment membership.

    Everything is read with a few grouped queries over all customers, decided
    by ``core.customers`` and written back in batches with one ``UPDATE`` per
    batch, only for the customers whose figures changed: re-running changes
    nothing. The scheduled action runs it all daily; confirming or cancelling
    an order refreshes the profile and lifecycle of its customer only.
    """

    _name = "sales.customer.lifecycle"
    _description = "Customer Profiles and Lifecycle"

    @api.model
    def _thresholds(self):
        """The lifecycle thresholds of Settings (defaults where unset)."""
        defaults = LifecycleThresholds()
        params = self.env["ir.config_parameter"].sudo()
        values = {}
        for name, (key, cast) in THRESHOLD_PARAMETERS.items():
            raw = params.get_param(key)
            try:
                values[name] = (
                    cast(raw) if raw not in (None, False, "") else getattr(defaults, name)
                )
            except ValueError:
                values[name] = getattr(defaults, name)
        thresholds = LifecycleThresholds(**values)
        return thresholds if not thresholds.errors() else defaults

    # ------------------------------------------------------------------
    # Entry points
    # ------------------------------------------------------------------

    @api.model
    def _cron_refresh_customer_lifecycle(self):
        """Daily: profiles, lifecycle, RFM, recommendations and segments."""
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        self._refresh_all(auto_commit=auto_commit)

    @api.model
    def _refresh_all(self, today=None, batch_size=PROFILE_BATCH_SIZE, auto_commit=False):
        """Refresh every customer. ``today`` defaults to the company's today."""
        self = self.sudo()
        today = today or self.env["sales.mgmt.measure"]._company_today()
        thresholds = self._thresholds()
        self._flush_sources()
        history = self._order_history(today, thresholds)
        prospects = self._open_opportunity_partner_ids()
        current = self._current_profiles()
        decided = self._decide(history, prospects, today, thresholds, with_rfm=True)
        # Customers that had a profile and have no order nor opportunity now.
        for partner_id in current.keys() - decided.keys():
            decided[partner_id] = self._empty_profile(with_rfm=True)
        self._write_in_batches(current, decided, batch_size, auto_commit, with_rfm=True)
        self._refresh_recommendations(today)
        self.env["sales.segment"].search([("active", "=", True)])._refresh_membership()
        self.env.flush_all()
        if auto_commit:
            self.env.cr.commit()  # pylint: disable=invalid-commit

    @api.model
    def _refresh_partners(self, partner_ids, today=None):
        """Targeted refresh of the profile and lifecycle of some commercial partners.

        RFM scores compare customers with each other: the daily run keeps them.
        """
        if not partner_ids:
            return
        self = self.sudo()
        today = today or self.env["sales.mgmt.measure"]._company_today()
        thresholds = self._thresholds()
        self._flush_sources()
        partner_ids = list(set(partner_ids))
        history = self._order_history(today, thresholds, partner_ids)
        prospects = self._open_opportunity_partner_ids(partner_ids)
        current = self._current_profiles(partner_ids)
        decided = self._decide(history, prospects, today, thresholds, with_rfm=False)
        for partner_id in set(partner_ids) - decided.keys():
            decided[partner_id] = self._empty_profile(with_rfm=False)
        self._write_in_batches(current, decided, PROFILE_BATCH_SIZE, False, with_rfm=False)

    # ------------------------------------------------------------------
    # Reading
    # ------------------------------------------------------------------

    def _flush_sources(self):
        self.env["sale.order"].flush_model(
            ["state", "partner_id", "date_order", "amount_untaxed", "currency_rate"]
        )
        self.env["sale.order.line"].flush_model(["order_id", "product_id", "display_type"])
        self.env["crm.lead"].flush_model(["partner_id", "type", "active", "stage_id"])
        self.env["res.partner"].flush_model()

    def _local_day(self, column):
        """SQL: the company-timezone day of a UTC timestamp ``column``."""
        tz = self.env["sales.mgmt.measure"]._timezone(self.env.company).zone
        return SQL("((%s AT TIME ZONE 'UTC') AT TIME ZONE %s)::date", column, tz)

    def _order_history(self, today, thresholds, partner_ids=None):
        """``{commercial partner id: row}`` of its confirmed orders, one grouped query.

        Row: count, revenue, first day, last day, orders and revenue in the
        loyalty window, orders and revenue in the RFM window. Amounts are
        untaxed, in the order's company currency.
        """
        loyal_start = today - timedelta(days=thresholds.loyal_window_days)
        rfm_start = today - timedelta(days=thresholds.rfm_window_days)
        restrict = (
            SQL("AND p.commercial_partner_id = ANY(%s)", list(partner_ids))
            if partner_ids is not None
            else SQL()
        )
        query = SQL(
            """
            WITH orders AS (
                SELECT p.commercial_partner_id AS partner_id,
                       so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1) AS amount,
                       %(day)s AS day
                  FROM sale_order so
                  JOIN res_partner p ON p.id = so.partner_id
                 WHERE so.state = 'sale' %(restrict)s
            )
            SELECT partner_id,
                   count(*),
                   COALESCE(sum(amount), 0),
                   min(day),
                   max(day),
                   count(*) FILTER (WHERE day > %(loyal_start)s),
                   COALESCE(sum(amount) FILTER (WHERE day > %(loyal_start)s), 0),
                   count(*) FILTER (WHERE day > %(rfm_start)s),
                   COALESCE(sum(amount) FILTER (WHERE day > %(rfm_start)s), 0)
              FROM orders
             GROUP BY partner_id
            """,
            day=self._local_day(SQL("so.date_order")),
            restrict=restrict,
            loyal_start=loyal_start,
            rfm_start=rfm_start,
        )
        self.env.cr.execute(query)
        return {row[0]: row[1:] for row in self.env.cr.fetchall()}

    def _open_opportunity_partner_ids(self, partner_ids=None):
        """Commercial partners with an open (active, not won) opportunity."""
        restrict = (
            SQL("AND p.commercial_partner_id = ANY(%s)", list(partner_ids))
            if partner_ids is not None
            else SQL()
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT p.commercial_partner_id
                  FROM crm_lead lead
                  JOIN res_partner p ON p.id = lead.partner_id
             LEFT JOIN crm_stage stage ON stage.id = lead.stage_id
                 WHERE lead.active AND lead.type = 'opportunity'
                   AND NOT COALESCE(stage.is_won, FALSE) %s
                """,
                restrict,
            )
        )
        return {row[0] for row in self.env.cr.fetchall()}

    def _current_profiles(self, partner_ids=None):
        """``{partner id: stored profile tuple}`` of the partners that have one
        (or of ``partner_ids``)."""
        columns = SQL(", ").join(
            SQL.identifier("p", name) for name, _type in FIGURE_COLUMNS + RFM_COLUMNS
        )
        if partner_ids is not None:
            where = SQL("p.id = ANY(%s)", list(partner_ids))
        else:
            where = SQL(
                "p.lifecycle_stage IS NOT NULL OR p.customer_order_count > 0"
                " OR p.rfm_segment IS NOT NULL"
            )
        self.env.cr.execute(SQL("SELECT p.id, %s FROM res_partner p WHERE %s", columns, where))
        return {row[0]: tuple(row[1:]) for row in self.env.cr.fetchall()}

    # ------------------------------------------------------------------
    # Deciding
    # ------------------------------------------------------------------

    @staticmethod
    def _empty_profile(with_rfm):
        figures = (0, 0.0, None, None, 0.0, None)
        return figures + ((0, 0, 0, None) if with_rfm else ())

    def _decide(self, history, prospects, today, thresholds, with_rfm):
        """``{partner id: profile tuple}`` (columns of FIGURE_COLUMNS, then RFM)."""
        rfm = {}
        if with_rfm:
            in_window = {
                partner_id: ((today - row[3]).days, row[6], float(row[7]))
                for partner_id, row in history.items()
                if row[6]
            }
            for partner_id, scores in rfm_scores(in_window).items():
                rfm[partner_id] = (*scores, rfm_segment(*scores))
        decided = {}
        for partner_id in history.keys() | prospects:
            row = history.get(partner_id)
            if row:
                count, revenue, first_day, last_day = row[0], float(row[1]), row[2], row[3]
                stage = lifecycle_stage(
                    CustomerHistory(
                        order_count=count,
                        days_since_last_order=(today - last_day).days,
                        window_order_count=row[4],
                        window_revenue=float(row[5]),
                        has_open_opportunity=partner_id in prospects,
                    ),
                    thresholds,
                )
                figures = (count, revenue, first_day, last_day, revenue / count, stage)
            else:
                figures = (0, 0.0, None, None, 0.0, "prospect")
            if with_rfm:
                figures += rfm.get(partner_id, (0, 0, 0, None))
            decided[partner_id] = figures
        return decided

    # ------------------------------------------------------------------
    # Writing
    # ------------------------------------------------------------------

    @staticmethod
    def _same(old, new):
        if old is None:
            return False
        if old == new:
            # Most profiles of a daily run: no need to compare value by value.
            return True
        for old_value, new_value in zip(old, new, strict=False):
            if isinstance(new_value, float) or isinstance(old_value, float):
                if round(float(old_value or 0), 2) != round(float(new_value or 0), 2):
                    return False
            elif (old_value or None) != (new_value or None):
                return False
        return True

    def _write_in_batches(self, current, decided, batch_size, auto_commit, with_rfm):
        columns = FIGURE_COLUMNS + (RFM_COLUMNS if with_rfm else ())
        changed = sorted(
            partner_id
            for partner_id, values in decided.items()
            if not self._same(current.get(partner_id), values)
        )
        stage_index = len(FIGURE_COLUMNS) - 1
        done = 0
        for batch in split_every(batch_size, changed):
            self._write_profiles({partner_id: decided[partner_id] for partner_id in batch}, columns)
            transitions = lifecycle_transitions(
                {pid: (current.get(pid) or (None,) * 6)[stage_index] for pid in batch},
                {pid: decided[pid][stage_index] for pid in batch},
            )
            self._record_transitions(transitions)
            done += len(batch)
            self.env["ir.cron"]._notify_progress(done=done, remaining=len(changed) - done)
            if auto_commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
        self.env["res.partner"].invalidate_model([name for name, _type in columns])
        return changed

    def _write_profiles(self, values_by_partner, columns):
        """One ``UPDATE ... FROM (VALUES ...)`` for the batch."""
        if not values_by_partner:
            return
        # Typed placeholders of one row, from the constant column types above.
        row = "(%s::int4, " + ", ".join(f"%s::{sql_type}" for _name, sql_type in columns) + ")"
        rows = SQL(", ").join(
            SQL(row, partner_id, *values) for partner_id, values in values_by_partner.items()
        )
        names = [name for name, _type in columns]
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner AS p SET %s FROM (VALUES %s) AS v(id, %s) WHERE p.id = v.id",
                SQL(", ").join(
                    SQL("%s = %s", SQL.identifier(name), SQL.identifier("v", name))
                    for name in names
                ),
                rows,
                SQL(", ").join(SQL.identifier(name) for name in names),
            )
        )

    def _record_transitions(self, transitions):
        """A history row per stage change, then the stage's playbook actions."""
        if not transitions:
            return
        now = fields.Datetime.now()
        histories = self.env["sales.lifecycle.history"].create(
            [
                {
                    "partner_id": partner_id,
                    "stage_from": stage_from or False,
                    "stage_to": stage_to or False,
                    "date": now,
                }
                for partner_id, (stage_from, stage_to) in sorted(transitions.items())
            ]
        )
        self.env["sales.lifecycle.action"]._run_for_transitions(histories)

    # ------------------------------------------------------------------
    # Recommendations
    # ------------------------------------------------------------------

    def _refresh_recommendations(self, today):
        """Rebuild "bought A, also bought B" recommendations in one statement.

        Over the confirmed orders of the last ``RECOMMENDATION_DAYS``: pairs of
        products bought by the same customer, counted in customers; the best
        ``PAIRS_PER_PRODUCT`` partners of each product; a customer's candidates
        (saleable products it has not bought) scored by the sum of the pair
        counts with what it bought, best ``RECOMMENDATIONS_PER_CUSTOMER`` kept.
        """
        since = today - timedelta(days=RECOMMENDATION_DAYS)
        self.env["sales.customer.recommendation"].flush_model()
        self.env.cr.execute(SQL("DELETE FROM sales_customer_recommendation"))
        self.env.cr.execute(
            SQL(
                """
                WITH bought AS (
                    SELECT DISTINCT p.commercial_partner_id AS partner_id, line.product_id
                      FROM sale_order_line line
                      JOIN sale_order so ON so.id = line.order_id
                      JOIN res_partner p ON p.id = so.partner_id
                     WHERE so.state = 'sale' AND line.product_id IS NOT NULL
                       AND line.display_type IS NULL AND %(day)s > %(since)s
                ),
                pairs AS (
                    SELECT a.product_id AS product_a, b.product_id AS product_b,
                           count(*) AS customers,
                           row_number() OVER (
                               PARTITION BY a.product_id ORDER BY count(*) DESC, b.product_id
                           ) AS pair_rank
                      FROM bought a
                      JOIN bought b ON b.partner_id = a.partner_id
                                   AND b.product_id <> a.product_id
                     GROUP BY a.product_id, b.product_id
                ),
                scored AS (
                    SELECT o.partner_id, pairs.product_b AS product_id,
                           sum(pairs.customers) AS score
                      FROM bought o
                      JOIN pairs ON pairs.product_a = o.product_id
                                AND pairs.pair_rank <= %(pairs_per_product)s
                      JOIN product_product pp ON pp.id = pairs.product_b AND pp.active
                      JOIN product_template pt ON pt.id = pp.product_tmpl_id
                                              AND pt.active AND pt.sale_ok
                     WHERE NOT EXISTS (
                               SELECT 1 FROM bought x
                                WHERE x.partner_id = o.partner_id
                                  AND x.product_id = pairs.product_b)
                     GROUP BY o.partner_id, pairs.product_b
                ),
                ranked AS (
                    SELECT partner_id, product_id, score,
                           row_number() OVER (
                               PARTITION BY partner_id ORDER BY score DESC, product_id
                           ) AS rank
                      FROM scored
                )
                INSERT INTO sales_customer_recommendation
                       (partner_id, product_id, score, rank,
                        create_uid, create_date, write_uid, write_date)
                SELECT partner_id, product_id, score, rank,
                       %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM ranked
                 WHERE rank <= %(per_customer)s
                """,
                day=self._local_day(SQL("so.date_order")),
                since=since,
                pairs_per_product=PAIRS_PER_PRODUCT,
                per_customer=RECOMMENDATIONS_PER_CUSTOMER,
                uid=self.env.uid,
                now=fields.Datetime.now(),
            )
        )
        self.env["sales.customer.recommendation"].invalidate_model()
        self.env["res.partner"].invalidate_model(["recommendation_ids"])
