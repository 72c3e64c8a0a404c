"""The heavy operations of the addons, each with its naive baseline and its
SQL lower bound, timed in one database filled by :mod:`generate`.

Every :class:`Operation` has three callables taking the environment:

* ``run``: the operation as the scheduled action (or the user) runs it;
  returns the number of rows it handled;
* ``naive``: the obvious per-record ORM loop doing the same work on a sample
  of ``sample`` rows; its time is extrapolated to all the rows;
* ``lower``: the single SQL statement that reads the same data.

``run_all`` times each three times (median) and returns the rows of the
Markdown table. Every timing runs inside a savepoint rolled back afterwards
(a fresh state each time) unless the operation is a refresh meant to be
re-run (``rollback=False``).
"""

import itertools
import resource
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import SimpleNamespace

from odoo import Command, fields, http
from odoo.tools import SQL, split_every

RUNS = 3


@dataclass
class Operation:
    name: str
    run: Callable
    naive: Callable = None
    lower: Callable = None
    sample: int = 200
    rollback: bool = True
    setup: Callable = None
    # The naive baseline runs on all the rows ``naive_runs`` times (median),
    # not on a sample: its figure is measured, not extrapolated.
    naive_runs: int = 0
    result: dict = field(default_factory=dict)


def rss_mb():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_high_water():
    """Reset the process's peak RSS (``VmHWM``) to its current RSS.

    ``ru_maxrss`` only ever grows, so after a first heavy operation it says
    nothing of the next ones; on Linux writing 5 to ``/proc/self/clear_refs``
    resets the high-water mark. Returns whether it could.
    """
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
    except OSError:
        return False
    return True


def high_water_mb():
    """``VmHWM``: the peak RSS since the last :func:`reset_high_water`."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return peak_mb()


def _timed_growth(env, function, rollback):
    """``_timed`` plus the peak memory growth (MB) over the RSS before the run."""
    env.flush_all()
    env.invalidate_all()
    before = rss_mb()
    reset = reset_high_water()
    seconds, value = _timed(env, function, rollback)
    peak = high_water_mb() if reset else peak_mb()
    return seconds, value, max(0.0, peak - before)


class _Rollback(Exception):
    pass


def _timed(env, function, rollback):
    env.flush_all()
    env.invalidate_all()
    start = time.perf_counter()
    if not rollback:
        value = function(env)
        env.flush_all()
        return time.perf_counter() - start, value
    value = None
    try:
        with env.cr.savepoint():
            value = function(env)
            env.flush_all()
            seconds = time.perf_counter() - start
            raise _Rollback
    except _Rollback:
        pass
    env.invalidate_all()
    return seconds, value


def measure(env, operation, runs=RUNS):
    """Time ``operation``; fill and return its ``result``."""
    threading.current_thread().testing = True  # no commit inside the crons
    times, growths, rows = [], [], 0
    for _run in range(runs):
        if operation.setup:
            operation.setup(env)
        seconds, rows, growth = _timed_growth(env, operation.run, operation.rollback)
        times.append(seconds)
        growths.append(growth)
    median = statistics.median(times)
    result = {"rows": rows, "median": median, "runs": times, "peak": peak_mb()}
    result["growth"] = max(growths)
    if operation.naive and rows and operation.naive_runs:
        naive_times, naive_growths = [], []
        for _run in range(min(runs, operation.naive_runs)):
            seconds, done, growth = _timed_growth(env, operation.naive, True)
            if done != rows:
                raise AssertionError(f"{operation.name}: naive handled {done} rows, not {rows}")
            naive_times.append(seconds)
            naive_growths.append(growth)
        result["naive"] = statistics.median(naive_times)
        result["naive_runs"] = naive_times
        result["naive_growth"] = max(naive_growths)
    elif operation.naive and rows:
        seconds, done = _timed(env, operation.naive, True)
        result["naive"] = seconds / max(done, 1) * rows
    if operation.lower:
        lows = [_timed(env, operation.lower, True)[0] for _run in range(runs)]
        result["lower"] = statistics.median(lows)
    operation.result = result
    return result


def table(operations, title):
    lines = [
        f"{title}\n",
        "| operation | rows | median s | runs s | rows/s | peak RSS MB | peak growth MB "
        "| naive x | SQL lower bound x |",
        "|---|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    for operation in operations:
        r = operation.result
        if not r:
            continue
        naive = f"{r['naive'] / r['median']:.1f}" if r.get("naive") else "-"
        lower = f"{r['median'] / r['lower']:.1f}" if r.get("lower") else "-"
        runs = " / ".join(f"{seconds:.2f}" for seconds in r["runs"])
        rate = r["rows"] / r["median"] if r["median"] else 0
        growth = f"{r['growth']:.0f}"
        if r.get("naive_runs"):
            # The baseline ran on the same rows: its own times and memory.
            naive_runs = " / ".join(f"{seconds:.2f}" for seconds in r["naive_runs"])
            naive += f" (naive measured: {r['naive']:.2f} s median of {naive_runs})"
            growth += f" (naive {r['naive_growth']:.0f})"
        lines.append(
            f"| {operation.name} | {r['rows']:,} | {r['median']:.2f} | {runs} | {rate:,.0f} | "
            f"{r['peak']:.0f} | {growth} | {naive} | {lower} |"
        )
    return "\n".join(lines)


# ----------------------------------------------------------------------
# Customers: lifecycle, RFM and segments
# ----------------------------------------------------------------------


def lifecycle_run(env):
    env["sales.customer.lifecycle"]._refresh_all(auto_commit=False)
    env.cr.execute(SQL("SELECT count(*) FROM res_partner WHERE customer_order_count > 0"))
    return env.cr.fetchone()[0]


def lifecycle_naive(env, sample=200):
    """Per customer: search its orders, add them up, write the figures."""
    partners = env["res.partner"].search([("customer_rank", ">", 0)], limit=sample)
    today = fields.Date.context_today(partners)
    for partner in partners:
        orders = env["sale.order"].search(
            [("partner_id", "child_of", partner.id), ("state", "=", "sale")]
        )
        days = [order.date_order.date() for order in orders]
        recent = [order for order in orders if order.date_order.date() > today - timedelta(365)]
        partner.write(
            {
                "customer_order_count": len(orders),
                "customer_revenue": sum(orders.mapped("amount_untaxed")),
                "first_order_date": min(days) if days else False,
                "last_order_date": max(days) if days else False,
                "rfm_frequency": len(recent),
            }
        )
    return len(partners)


def lifecycle_lower(env):
    env.cr.execute(
        SQL(
            """SELECT p.commercial_partner_id, count(*), sum(so.amount_untaxed),
                      min(so.date_order), max(so.date_order)
                 FROM sale_order so JOIN res_partner p ON p.id = so.partner_id
                WHERE so.state = 'sale' GROUP BY p.commercial_partner_id"""
        )
    )
    return len(env.cr.fetchall())


# ----------------------------------------------------------------------
# Targets
# ----------------------------------------------------------------------


def _open_targets(env):
    return env["sales.target"].search([("state", "=", "confirmed")])


def targets_run(env):
    targets = _open_targets(env)
    targets._refresh_targets()
    return len(targets.line_ids)


def targets_naive(env, sample=40):
    """Per target line: search the owner's orders of its days and add them up."""
    lines = _open_targets(env).filtered(lambda t: t.measure == "revenue").line_ids[:sample]
    for line in lines:
        target = line.target_id
        owner = (
            [("user_id", "=", target.user_id.id)]
            if target.user_id
            else [("team_id", "=", target.team_id.id)]
        )
        orders = env["sale.order"].search(
            [
                *owner,
                ("state", "=", "sale"),
                ("date_order", ">=", line.date_start),
                ("date_order", "<", line.date_end + timedelta(days=1)),
            ]
        )
        line.sudo().with_context(sales_target_internal=True).write(
            {"actual_value": sum(orders.mapped("amount_untaxed"))}
        )
    return len(lines)


def targets_lower(env):
    targets = _open_targets(env)
    start, end = min(targets.mapped("date_start")), max(targets.mapped("date_end"))
    env.cr.execute(
        SQL(
            """SELECT so.user_id, so.team_id, so.date_order::date, sum(so.amount_untaxed), count(*)
                 FROM sale_order so
                WHERE so.state = 'sale' AND so.date_order >= %s AND so.date_order < %s
                GROUP BY 1, 2, 3""",
            start,
            end + timedelta(days=1),
        )
    )
    return len(env.cr.fetchall())


# ----------------------------------------------------------------------
# Commission statements, one month, on each basis
# ----------------------------------------------------------------------


def _bench_month(env):
    """The last full month."""
    first = fields.Date.context_today(env["res.partner"]).replace(day=1)
    end = first - timedelta(days=1)
    return end.replace(day=1), end


def commission_operation(basis):
    def plan(env):
        users = env["res.users"].search([("login", "=like", "bench.sales.%")])
        return env["sales.commission.plan"].create(
            {
                "name": f"BENCH plan {basis}",
                "basis": basis,
                "flat_rate": 5.0,
                "user_ids": [Command.set(users.ids)],
            }
        )

    def run(env):
        statements = plan(env).generate_statements(*_bench_month(env))
        return len(statements.line_ids)

    def naive(env, sample=3):
        """Per salesperson: search the month's order lines, one statement line each."""
        start, end = _bench_month(env)
        users = env["res.users"].search([("login", "=like", "bench.sales.%")], limit=sample)
        done = 0
        for user in users:
            lines = env["sale.order.line"].search(
                [
                    ("salesman_id", "=", user.id),
                    ("state", "=", "sale"),
                    ("order_id.date_order", ">=", start),
                    ("order_id.date_order", "<", end + timedelta(days=1)),
                ]
            )
            for line in lines:
                _amount = line.price_subtotal * 0.05 * (1 if line.qty_invoiced else 0)
                line.order_id.partner_id.name  # noqa: B018 (what a statement line shows)
                done += 1
        return done

    def lower(env):
        start, end = _bench_month(env)
        env.cr.execute(
            SQL(
                """SELECT sol.id, sol.salesman_id, sol.price_subtotal, so.date_order
                     FROM sale_order_line sol JOIN sale_order so ON so.id = sol.order_id
                    WHERE so.state = 'sale' AND so.date_order >= %s AND so.date_order < %s""",
                start,
                end + timedelta(days=1),
            )
        )
        return len(env.cr.fetchall())

    return Operation(f"commission statements, one month, {basis} basis", run, naive, lower)


# ----------------------------------------------------------------------
# Tickets: SLA escalation, creation with deadlines
# ----------------------------------------------------------------------


def escalation_run(env):
    Ticket = env["sales.ticket"]
    open_count = Ticket.search_count([("closed_date", "=", False)])
    Ticket._escalate(fields.Datetime.now())
    return open_count


def escalation_naive(env, sample=200):
    """Per open ticket: compare its deadlines with now, write the level."""
    now = fields.Datetime.now()
    tickets = env["sales.ticket"].search([("closed_date", "=", False)], limit=sample)
    for ticket in tickets:
        if ticket.manager_escalation_date and ticket.manager_escalation_date <= now:
            level = "2"
        elif ticket.resolution_deadline and ticket.resolution_deadline <= now:
            level = "1"
        elif ticket.resolution_risk_date and ticket.resolution_risk_date <= now:
            level = "0"
        else:
            continue
        if ticket.escalation_level != level:
            ticket._workflow().write({"escalation_level": level, "escalated_date": now})
    return len(tickets)


def escalation_lower(env):
    env.cr.execute(
        SQL(
            """SELECT id, escalation_level, resolution_deadline, manager_escalation_date
                 FROM sales_ticket WHERE closed_date IS NULL AND active"""
        )
    )
    return len(env.cr.fetchall())


def _ticket_vals(env, count):
    partners = env["res.partner"].search([("customer_rank", ">", 0)], limit=500)
    users = env["res.users"].search([("login", "=like", "bench.sales.%")])
    now = fields.Datetime.now()
    return [
        {
            "name": f"Bench new ticket {n}",
            "partner_id": partners[n % len(partners)].id,
            "user_id": users[n % len(users)].id,
            "priority": str(n % 4),
            "date_received": now - timedelta(minutes=(n * 37) % (30 * 24 * 60)),
        }
        for n in range(count)
    ]


def ticket_create_operation(count):
    def run(env):
        for batch in split_every(1000, _ticket_vals(env, count), list):
            env["sales.ticket"].create(batch)
        return count

    def naive(env, sample=100):
        """One create per ticket, as a form or a per-row import does."""
        for vals in _ticket_vals(env, sample):
            env["sales.ticket"].create(vals)
        return sample

    def lower(env):
        env.cr.execute(
            SQL(
                """INSERT INTO sales_ticket (number, name, company_id, stage_id, channel,
                          priority, date_received, active)
                   SELECT 'L' || n, 'Bench lower ' || n, %s, %s, 'phone', '1', now(), TRUE
                     FROM generate_series(1, %s) n""",
                env.company.id,
                env["sales.ticket"]._default_stage().id,
                count,
            )
        )
        return count

    return Operation(f"create {count:,} tickets with SLA deadlines", run, naive, lower)


# ----------------------------------------------------------------------
# Risks and the funnel
# ----------------------------------------------------------------------


def risks_run(env):
    env["sales.risk"]._detect_risks(env.company)
    env.cr.execute(SQL("SELECT count(*) FROM crm_lead WHERE active AND type = 'opportunity'"))
    return env.cr.fetchone()[0]


def risks_naive(env, sample=200):
    """Per open deal: read its last stage change, create a risk if stale."""
    today = date.today()
    leads = env["crm.lead"].search([("type", "=", "opportunity")], limit=sample)
    for lead in leads:
        last = lead.date_last_stage_update or lead.create_date
        if lead.probability < 100 and last.date() < today - timedelta(days=30):
            env["sales.risk"].with_context(tracking_disable=True).search(
                [("res_model", "=", "crm.lead"), ("res_id", "=", lead.id)]
            ) or env["sales.risk"].with_context(tracking_disable=True).create(
                {"name": lead.name, "category": "market"}
            )
    return len(leads)


def risks_lower(env):
    env.cr.execute(
        SQL(
            """SELECT l.id, l.name, l.user_id, l.date_last_stage_update, l.date_deadline
                 FROM crm_lead l WHERE l.active AND l.type = 'opportunity'"""
        )
    )
    return len(env.cr.fetchall())


def funnel_run(env):
    env["sales.funnel.report"].read_group(
        [],
        ["entered_count:sum", "advanced_count:sum", "days_in_stage:avg", "won_count:sum"],
        ["stage_id", "team_id"],
        lazy=False,
    )
    env.cr.execute(SQL("SELECT count(*) FROM sales_lead_stage_history"))
    return env.cr.fetchone()[0]


def funnel_naive(env, sample=200):
    """Per lead: walk its stage history and count entries and moves on."""
    counts = {}
    leads = env["crm.lead"].with_context(active_test=False).search([], limit=sample)
    for lead in leads:
        history = lead.stage_history_ids.sorted("date")
        for entry, following in itertools.zip_longest(history, history[1:]):
            key = (entry.stage_to_id.id, lead.team_id.id)
            entered, advanced = counts.get(key, (0, 0))
            moved = following and following.stage_to_id.sequence > entry.stage_to_id.sequence
            counts[key] = (entered + 1, advanced + bool(moved))
    return sum(len(lead.stage_history_ids) for lead in leads)


def funnel_lower(env):
    env.cr.execute(
        SQL(
            """SELECT h.stage_to_id, l.team_id, count(*)
                 FROM sales_lead_stage_history h JOIN crm_lead l ON l.id = h.lead_id
                GROUP BY 1, 2"""
        )
    )
    return len(env.cr.fetchall())


# ----------------------------------------------------------------------
# The largest XLSX report against Odoo's own list export
# ----------------------------------------------------------------------

XLSX_ROWS = 100_000
# The customers report's columns as Odoo's list export names them: the same
# values (display names, selection labels, stored figures), in Odoo's units.
XLSX_EXPORT_FIELDS = [
    "display_name",
    "user_id",
    "lifecycle_stage",
    "rfm_segment",
    "customer_order_count",
    "customer_revenue",
    "avg_order_value",
    "first_order_date",
    "last_order_date",
    "satisfaction_csat",
]


def _xlsx_manager(env):
    """The report runs as a manager would: the admin user, record rules on."""
    return env(user=env.ref("base.user_admin"), su=False)


def xlsx_setup(env):
    """The customers report lists profiled customers: profile them once if none is."""
    if not env["res.partner"].search_count([("customer_order_count", ">", 0)], limit=1):
        env["sales.customer.lifecycle"]._refresh_all(auto_commit=False)


def _xlsx_period(env):
    """From the first order on, up to the last day that keeps at most
    ``XLSX_ROWS`` customers: all of them where there are fewer."""
    env.flush_all()
    env.cr.execute(
        SQL(
            """SELECT day, sum(customers) OVER (ORDER BY day)
                 FROM (SELECT first_order_date AS day, count(*) AS customers
                         FROM res_partner
                        WHERE customer_order_count > 0 AND first_order_date IS NOT NULL
                        GROUP BY first_order_date) days
                ORDER BY day"""
        )
    )
    days = env.cr.fetchall()
    if not days:
        return None, None
    fitting = [day for day, total in days if total <= XLSX_ROWS] or [days[0][0]]
    return days[0][0], fitting[-1]


def _xlsx_domain(date_from, date_to):
    # The customers report's own domain for this period, without filters.
    return [
        ("customer_order_count", ">", 0),
        ("last_order_date", ">=", date_from),
        ("first_order_date", "<=", date_to),
    ]


def xlsx_run(env):
    """The customers report through the addon's entry point, into a temporary file."""
    manager = _xlsx_manager(env)
    date_from, date_to = _xlsx_period(manager)
    with tempfile.TemporaryFile() as out:
        sheets = manager["sales.mgmt.xlsx.report"]._write_xlsx(
            out, ["customers"], date_from, date_to
        )
    return sheets[0]["rows"]


def xlsx_naive(env):
    """Odoo's list export of the same rows and columns: ``export_data`` then
    the XLSX writer of ``/web/export/xlsx`` (``ExcelExport.from_data``)."""
    from odoo.addons.web.controllers.export import ExcelExport

    manager = _xlsx_manager(env)
    date_from, date_to = _xlsx_period(manager)
    Partner = manager["res.partner"]
    records = Partner.search(_xlsx_domain(date_from, date_to), order="customer_revenue desc, id")
    export_fields = [
        {
            "name": name,
            "label": Partner._fields[name].get_description(manager)["string"],
            "type": Partner._fields[name].type,
        }
        for name in XLSX_EXPORT_FIELDS
    ]
    # Odoo's writer reads ``request.env``: stand in for the HTTP request.
    http._request_stack.push(SimpleNamespace(env=manager))
    try:
        rows = records.export_data(XLSX_EXPORT_FIELDS).get("datas", [])
        content = ExcelExport().from_data(
            export_fields, [column["label"] for column in export_fields], rows
        )
    finally:
        http._request_stack.pop()
    with tempfile.TemporaryFile() as out:
        out.write(content)
    return len(rows)


def xlsx_lower(env):
    date_from, date_to = _xlsx_period(env)
    env.cr.execute(
        SQL(
            """SELECT p.complete_name, u.login, p.lifecycle_stage, p.rfm_segment,
                      p.customer_order_count, p.customer_revenue, p.avg_order_value,
                      p.first_order_date, p.last_order_date, csat.satisfied, csat.answers
                 FROM res_partner p LEFT JOIN res_users u ON u.id = p.user_id
            LEFT JOIN (SELECT partner_id, count(*) FILTER (WHERE csat IN ('4', '5')) satisfied,
                              count(csat) answers
                         FROM sales_feedback GROUP BY partner_id) csat
                   ON csat.partner_id = p.id
                WHERE p.active AND p.customer_order_count > 0
                  AND p.last_order_date >= %s AND p.first_order_date <= %s
                ORDER BY p.customer_revenue DESC, p.id""",
            date_from,
            date_to,
        )
    )
    return len(env.cr.fetchall())


def operations(ticket_count):
    return [
        Operation(
            "lifecycle + RFM + segments, all customers",
            lifecycle_run,
            lifecycle_naive,
            lifecycle_lower,
            rollback=False,
        ),
        Operation(
            "target refresh (weekly lines)",
            targets_run,
            targets_naive,
            targets_lower,
            rollback=False,
        ),
        *(commission_operation(basis) for basis in ("order", "invoice", "payment")),
        Operation(
            "SLA escalation, all open tickets", escalation_run, escalation_naive, escalation_lower
        ),
        ticket_create_operation(ticket_count),
        Operation("risk detection", risks_run, risks_naive, risks_lower),
        Operation(
            "funnel analysis (pivot by stage and team)", funnel_run, funnel_naive, funnel_lower
        ),
        Operation(
            f"customers XLSX report, up to {XLSX_ROWS:,} rows; naive = Odoo's export_data + "
            "XLSX export of the same rows and columns",
            xlsx_run,
            xlsx_naive,
            xlsx_lower,
            setup=xlsx_setup,
            naive_runs=RUNS,
        ),
    ]
