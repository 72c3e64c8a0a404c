"""The XLSX reports as each role gets them, read back with openpyxl."""

import io
from datetime import date, datetime

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from odoo.addons.sales_mgmt_system.tests.common import SalesMgmtCase, load_chinese
from odoo.addons.sales_mgmt_system_reports.models.sales_mgmt_xlsx_report import REPORTS

# Rows of every sheet: title (1), five header lines (2-6), a blank row, then
# the column headers (8) and the data (from 9).
HEADER_ROW = 8
FIRST_ROW = 9
EMPTY = "No data for this period and these filters"
# The Chinese of this addon's terms, as the lead's i18n export will carry them
# (the export runs at merge time); the zh_CN test loads them the same way.


class XlsxCase(SalesMgmtCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        travel = cls.env.ref("sales_mgmt_system.cost_category_travel")
        cls.entries = cls.env["sales.cost.entry"].create(
            [
                {
                    "user_id": user.id,
                    "category_id": travel.id,
                    "amount": amount,
                    "date": day,
                    "description": description,
                }
                for user, amount, day, description in (
                    (cls.member, 120.5, date(2019, 3, 10), "Member trip"),
                    (cls.outsider, 300.0, date(2019, 3, 12), "Outsider trip"),
                    (cls.leader, 50.0, date(2019, 4, 1), "Leader taxi"),
                )
            ]
        )

    def workbook(self, user, report, date_from, date_to, teams=None, users=None, lang=None):
        """The workbook ``user`` gets from the wizard, opened with openpyxl."""
        env = self.env(user=user)
        if lang:
            env = env(context=dict(env.context, lang=lang))
        wizard = env["sales.mgmt.xlsx.wizard"].create(
            {
                "report": report,
                "date_from": date_from,
                "date_to": date_to,
                "team_ids": [(6, 0, teams.ids if teams else [])],
                "user_ids": [(6, 0, users.ids if users else [])],
            }
        )
        out = io.BytesIO()
        wizard._write_xlsx(out)
        out.seek(0)
        return openpyxl.load_workbook(out)

    def data_rows(self, sheet, columns=None):
        """The data rows of ``sheet`` (without the totals row)."""
        rows = []
        for row in sheet.iter_rows(min_row=FIRST_ROW, values_only=True):
            if row[0] in ("Total", None):
                break
            rows.append(row[:columns] if columns else row)
        return rows

    def costs(self, user, **kwargs):
        book = self.workbook(user, "costs", date(2019, 3, 1), date(2019, 4, 30), **kwargs)
        return book, book["Cost Entries"]


@tagged("post_install", "-at_install")
class TestXlsxReports(XlsxCase):
    def test_manager_gets_every_entry_with_header_totals_and_formats(self):
        book, sheet = self.costs(self.manager)
        self.assertEqual(book.sheetnames, ["Cost Entries", "Cost Budgets"])
        self.assertEqual(sheet["A1"].value, "Cost Entries")
        self.assertEqual(sheet["A2"].value, f"Company: {self.company.name}")
        self.assertEqual(sheet["A3"].value, "Period: 2019-03-01 to 2019-04-30")
        self.assertEqual(sheet["A4"].value, "Sales Teams: all you may see")
        self.assertEqual(sheet["A5"].value, "Salespeople: all you may see")
        self.assertIn("Sms Manager", sheet["A6"].value)
        self.assertEqual(
            [cell.value for cell in sheet[HEADER_ROW]],
            ["Date", "Description", "Cost Category", "Salesperson", "Sales Team", "Amount"],
        )
        self.assertEqual(
            self.data_rows(sheet),
            [
                (datetime(2019, 3, 10), "Member trip", "Travel", "Sms Member", "Led Team", 120.5),
                (
                    datetime(2019, 3, 12),
                    "Outsider trip",
                    "Travel",
                    "Sms Outsider",
                    "Other Team",
                    300.0,
                ),
                (datetime(2019, 4, 1), "Leader taxi", "Travel", "Sms Leader", "Led Team", 50.0),
            ],
        )
        self.assertEqual(sheet["A12"].value, "Total")
        self.assertEqual(sheet["F12"].value, "=SUBTOTAL(109,F9:F11)")
        symbol = self.company.currency_id.symbol
        self.assertIn(f'"{symbol}"#,##0.00', sheet["F9"].number_format)
        self.assertEqual(sheet["F12"].number_format, sheet["F9"].number_format)
        self.assertEqual(sheet["A9"].number_format, "yyyy-mm-dd")
        self.assertEqual(sheet.freeze_panes, "A9")
        self.assertEqual(sheet.auto_filter.ref, "A8:F11")

    def test_salesperson_gets_own_rows_and_a_leader_their_team(self):
        _book, sheet = self.costs(self.member)
        self.assertEqual([row[1] for row in self.data_rows(sheet)], ["Member trip"])
        _book, sheet = self.costs(self.leader)
        self.assertEqual([row[1] for row in self.data_rows(sheet)], ["Member trip", "Leader taxi"])

    def test_salesperson_asking_for_another_team_gets_nothing_of_it(self):
        _book, sheet = self.costs(self.member, teams=self.team_other)
        self.assertEqual(sheet["A4"].value, "Sales Teams: Other Team")
        self.assertIn("from the records this user may see", sheet["A6"].value)
        self.assertEqual(sheet[f"A{FIRST_ROW}"].value, EMPTY)
        _book, sheet = self.costs(self.member, users=self.outsider)
        self.assertEqual(sheet["A5"].value, "Salespeople: Sms Outsider")
        self.assertEqual(sheet[f"A{FIRST_ROW}"].value, EMPTY)

    def test_manager_filters_on_teams_and_salespeople(self):
        _book, sheet = self.costs(self.manager, teams=self.team_led)
        self.assertEqual([row[1] for row in self.data_rows(sheet)], ["Member trip", "Leader taxi"])
        _book, sheet = self.costs(self.manager, users=self.outsider)
        self.assertEqual([row[1] for row in self.data_rows(sheet)], ["Outsider trip"])

    def test_empty_period_says_so(self):
        book = self.workbook(self.manager, "feedback", date(2001, 1, 1), date(2001, 1, 31))
        sheet = book["Customer Feedback"]
        self.assertEqual(sheet[HEADER_ROW][0].value, "Date")
        self.assertEqual(sheet[f"A{FIRST_ROW}"].value, EMPTY)
        self.assertEqual(sheet.max_row, FIRST_ROW)
        self.assertEqual(sheet.freeze_panes, "A9")

    def test_inverted_period_is_refused(self):
        form = Form(self.env["sales.mgmt.xlsx.wizard"].with_user(self.member))
        form.report = "costs"
        form.date_from = date(2019, 4, 30)
        form.date_to = date(2019, 3, 1)
        with self.assertRaisesRegex(ValidationError, "choose a start date on or before"):
            form.save()

    @freeze_time("2026-03-15 12:00:00")
    def test_default_period_is_last_month(self):
        wizard = Form(self.env["sales.mgmt.xlsx.wizard"].with_user(self.member)).save()
        self.assertEqual((wizard.date_from, wizard.date_to), (date(2026, 2, 1), date(2026, 2, 28)))

    def test_wizard_needs_a_sales_right_and_stays_private(self):
        with self.assertRaises(AccessError):
            self.env["sales.mgmt.xlsx.wizard"].with_user(self.internal).create({})
        wizard = self.env["sales.mgmt.xlsx.wizard"].with_user(self.member).create({})
        with self.assertRaises(AccessError):
            wizard.with_user(self.leader).read(["report"])
        self.assertEqual(
            wizard.action_download(),
            {
                "type": "ir.actions.act_url",
                "url": f"/sales_mgmt/xlsx/{wizard.id}",
                "target": "download",
            },
        )

    def test_targets_conditional_formatting_and_attainment_chart(self):
        target = self.env["sales.target"].create(
            {
                "name": "Member 2019",
                "user_id": self.member.id,
                "measure": "revenue",
                "target_value": 12000.0,
                "date_start": date(2019, 1, 1),
                "date_end": date(2019, 12, 31),
                "granularity": "month",
                "split_method": "even",
            }
        )
        target.action_generate_lines()
        target.action_confirm()
        book = self.workbook(self.manager, "targets", date(2019, 1, 1), date(2019, 3, 31))
        self.assertEqual(book.sheetnames, ["Sales Targets", "Attainment by Month"])
        detail = book["Sales Targets"]
        self.assertEqual(
            [cell.value for cell in detail[HEADER_ROW]],
            ["Target", "Owner", "Measure", "From", "To", "Target Value", "Actual", "Achievement"],
        )
        rows = self.data_rows(detail)
        self.assertEqual([row[:2] for row in rows], [("Member 2019", "Sms Member")] * 3)
        self.assertEqual(rows[0][3:6], (datetime(2019, 1, 1), datetime(2019, 1, 31), 1000.0))
        self.assertEqual(detail["H9"].number_format, "0.0%")
        self.assertEqual(detail["H12"].value, "=SUBTOTAL(101,H9:H11)")
        rules = {
            str(ranges.sqref): [rule.operator for rule in ranges.rules]
            for ranges in detail.conditional_formatting
        }
        self.assertEqual(rules, {"H9:H11": ["greaterThanOrEqual", "between", "lessThan"]})
        monthly = book["Attainment by Month"]
        self.assertEqual(
            self.data_rows(monthly, 4),
            [
                ("2019-01", "Individual Target", 1000.0, 0.0),
                ("2019-02", "Individual Target", 1000.0, 0.0),
                ("2019-03", "Individual Target", 1000.0, 0.0),
            ],
        )
        self.assertEqual(len(monthly._charts), 1)
        self.assertEqual(monthly._charts[0].type, "col")
        # the member's own view holds the same target; another salesperson's does not
        book = self.workbook(self.outsider, "targets", date(2019, 1, 1), date(2019, 3, 31))
        self.assertEqual(book["Sales Targets"][f"A{FIRST_ROW}"].value, EMPTY)

    def test_funnel_as_a_bar_chart(self):
        stages = self.env["crm.stage"].search([], order="sequence, id", limit=2)
        lead = self.env["crm.lead"].create(
            {
                "name": "Funnel deal",
                "type": "opportunity",
                "user_id": self.member.id,
                "team_id": self.team_led.id,
                "stage_id": stages[1].id,
            }
        )
        history = self.env["sales.lead.stage.history"]
        history.search([("lead_id", "=", lead.id)]).unlink()
        history.create(
            [
                {"lead_id": lead.id, "stage_to_id": stages[0].id, "date": datetime(2019, 5, 1)},
                {
                    "lead_id": lead.id,
                    "stage_from_id": stages[0].id,
                    "stage_to_id": stages[1].id,
                    "date": datetime(2019, 5, 3),
                },
            ]
        )
        book = self.workbook(self.member, "funnel", date(2019, 5, 1), date(2019, 5, 31))
        sheet = book["Sales Funnel"]
        rows = self.data_rows(sheet, 4)
        self.assertEqual(rows, [(stages[0].name, 1, 1, 1.0), (stages[1].name, 1, 0, 0.0)])
        self.assertEqual(sheet["B11"].value, "=SUBTOTAL(109,B9:B10)")
        self.assertEqual(sheet["D9"].number_format, "0.0%")
        self.assertEqual(sheet._charts[0].type, "bar")
        book = self.workbook(self.outsider, "funnel", date(2019, 5, 1), date(2019, 5, 31))
        self.assertEqual(book["Sales Funnel"][f"A{FIRST_ROW}"].value, EMPTY)

    def test_tickets_flag_a_breached_sla(self):
        ticket = self.env["sales.ticket"].create(
            {
                "name": "Broken pump",
                "partner_id": self.customer.id,
                "user_id": self.member.id,
                "priority": "3",
                "date_received": datetime(2019, 6, 3, 8, 0),
            }
        )
        book = self.workbook(self.member, "tickets", date(2019, 6, 1), date(2019, 6, 30))
        sheet = book["After-Sales Tickets"]
        self.assertEqual(sheet[HEADER_ROW][11].value, "SLA Status")
        rows = self.data_rows(sheet)
        self.assertEqual([row[:2] for row in rows], [(ticket.number, "Broken pump")])
        self.assertEqual(
            rows[0][11], dict(ticket._fields["sla_status"].selection).get(ticket.sla_status)
        )
        rules = {
            str(ranges.sqref): [rule.formula for rule in ranges.rules]
            for ranges in sheet.conditional_formatting
        }
        self.assertEqual(rules, {"L9": [['"Breached"']]})

    def test_every_report_opens_for_every_role(self):
        for user in (self.manager, self.all_docs, self.leader, self.member):
            for report, _label in REPORTS:
                with self.subTest(user=user.login, report=report):
                    book = self.workbook(user, report, date(2019, 1, 1), date(2019, 12, 31))
                    for sheet in book.worksheets:
                        self.assertEqual(sheet["A3"].value, "Period: 2019-01-01 to 2019-12-31")
                        self.assertTrue(all(cell.value for cell in sheet[HEADER_ROW]))
                        self.assertEqual(sheet.freeze_panes, "A9")

    def test_customers_show_display_names_and_csat_as_the_profile_does(self):
        """The customers sheet reads stored names and one CSAT query per batch:
        the same values as the partners' ``display_name`` and ``satisfaction_csat``."""
        Partner = self.env["res.partner"]
        corp = Partner.create({"name": "Xlsx Corp", "is_company": True})
        buyer = Partner.create({"name": "Xlsx Buyer", "parent_id": corp.id})
        invoicing = Partner.create({"parent_id": corp.id, "type": "invoice"})
        lone = Partner.create({"name": "  Xlsx Lone  "})
        customers = corp | buyer | invoicing | lone
        for revenue, partner in enumerate(customers, start=1):
            partner.write(
                {
                    "customer_order_count": revenue,
                    "customer_revenue": revenue * 1000.0 + 0.5,
                    "avg_order_value": 1000.0,
                    "first_order_date": date(2019, 2, revenue),
                    "last_order_date": date(2019, 6, revenue),
                    "lifecycle_stage": "loyal",
                    "rfm_segment": "loyal",
                }
            )
        self.env["sales.feedback"].create(
            [
                {
                    "partner_id": partner.id,
                    "user_id": self.member.id,
                    "date": date(2019, 5, 1),
                    **values,
                }
                for partner, values in (
                    (corp, {"csat": "5"}),
                    (corp, {"csat": "4"}),
                    (corp, {"csat": "2"}),
                    (buyer, {"csat": "1"}),
                    (invoicing, {"nps": "9"}),
                )
            ]
        )
        # the report of the five days of first orders lists exactly these
        book = self.workbook(self.manager, "customers", date(2019, 2, 1), date(2019, 2, 4))
        rows = {row[0]: row for row in self.data_rows(book.worksheets[0])}
        manager_customers = customers.with_user(self.manager)
        expected = {
            partner.display_name: (
                partner.customer_order_count,
                partner.satisfaction_csat / 100 if partner.satisfaction_csat else None,
            )
            for partner in manager_customers
        }
        self.assertEqual(
            {name: (row[4], row[9]) for name, row in rows.items()},
            expected,
        )
        self.assertEqual(
            set(rows),
            {"Xlsx Corp", "Xlsx Corp, Xlsx Buyer", "Xlsx Corp, Invoice Address", "Xlsx Lone"},
        )
        self.assertAlmostEqual(rows["Xlsx Corp"][9], 2 / 3)
        self.assertIsNone(rows["Xlsx Corp, Invoice Address"][9])  # feedback without CSAT
        self.assertIsNone(rows["Xlsx Lone"][9])
        # none satisfied: 0 % is left blank, as the profile's empty CSAT
        self.assertIsNone(rows["Xlsx Corp, Xlsx Buyer"][9])

    def test_streaming_reads_in_batches(self):
        """Rows come from one query per batch of ids, not one per record."""
        Report = self.env["sales.mgmt.xlsx.report"].with_user(self.manager)
        domain = [("id", "in", self.entries.ids)]
        fields = ["date", "description", "category_id", "user_id", "team_id", "amount"]

        def rows():
            return Report._xlsx_stream(
                "sales.cost.entry",
                domain,
                "id",
                fields,
                lambda entry: (entry.description, entry.user_id.name),
                batch_size=2,
            )

        expected = [
            ("Member trip", "Sms Member"),
            ("Outsider trip", "Sms Outsider"),
            ("Leader taxi", "Sms Leader"),
        ]
        self.assertEqual(list(rows()), expected)  # warms up the access rules' caches
        # the ids, then per batch of 2: the entries, their users, the users' partners
        with self.assertQueryCount(1 + 2 * 3):
            self.assertEqual(list(rows()), expected)


@tagged("post_install", "-at_install")
class TestXlsxChinese(XlsxCase):
    def test_sheet_titles_and_headers_in_chinese(self):
        load_chinese(self.env, ("sales_mgmt_system", "sales_mgmt_system_reports"))
        self.manager.lang = "zh_CN"
        book = self.workbook(
            self.manager, "costs", date(2019, 3, 1), date(2019, 4, 30), lang="zh_CN"
        )
        self.assertEqual(book.sheetnames, ["费用记录", "销售费用预算"])
        sheet = book["费用记录"]
        self.assertEqual(sheet["A1"].value, "费用记录")
        self.assertEqual(sheet["A2"].value, f"公司：{self.company.name}")  # noqa: RUF001
        self.assertEqual(sheet["A3"].value, "期间：2019-03-01 至 2019-04-30")  # noqa: RUF001
        self.assertEqual(
            [cell.value for cell in sheet[HEADER_ROW]],
            ["日期", "描述", "费用类别", "销售人员", "销售团队", "金额"],
        )
        self.assertEqual(sheet["A12"].value, "合计")
        empty = book["销售费用预算"]
        self.assertEqual(empty[f"A{FIRST_ROW}"].value, "此期间和筛选条件下没有数据")


@tagged("post_install", "-at_install")
class TestXlsxDealReports(XlsxCase):
    def test_competitors_won_and_lost_in_the_period(self):
        competitor = self.env["sales.competitor"].create(
            {"name": "Rival Pumps Ltd.", "threat_level": "high"}
        )
        won_stage = self.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        Lead = self.env["crm.lead"]
        Lead.create(
            {
                "name": "Won against rival",
                "type": "opportunity",
                "user_id": self.member.id,
                "stage_id": won_stage.id,
                "competitor_ids": [(6, 0, competitor.ids)],
            }
        ).date_closed = datetime(2019, 6, 10)
        Lead.create(
            {
                "name": "Lost to rival",
                "type": "opportunity",
                "user_id": self.outsider.id,
                "active": False,
                "probability": 0,
                "lost_to_competitor_id": competitor.id,
                "date_closed": datetime(2019, 6, 12),
            }
        )
        book = self.workbook(self.manager, "competitors", date(2019, 6, 1), date(2019, 6, 30))
        sheet = book["Competitors"]
        self.assertEqual(
            [cell.value for cell in sheet[HEADER_ROW]],
            ["Competitor", "Threat Level", "Won Against", "Lost To", "Win Rate"],
        )
        self.assertEqual(self.data_rows(sheet), [("Rival Pumps Ltd.", "High", 1, 1, 0.5)])
        self.assertEqual(sheet["C10"].value, "=SUBTOTAL(109,C9:C9)")
        # the member only counts their own deals
        book = self.workbook(self.member, "competitors", date(2019, 6, 1), date(2019, 6, 30))
        self.assertEqual(
            self.data_rows(book["Competitors"]), [("Rival Pumps Ltd.", "High", 1, 0, 1.0)]
        )

    def test_channels_count_the_period_leads(self):
        channel = self.env["sales.channel"].create(
            {"name": "Test Web Shop", "channel_type": "online", "rebate_rate": 5.0}
        )
        self.env["crm.lead"].create(
            [
                {
                    "name": f"Web lead {index}",
                    "user_id": self.member.id,
                    "sales_channel_id": channel.id,
                }
                for index in range(2)
            ]
        )
        today = self.env["sales.mgmt.measure"]._company_today()
        book = self.workbook(
            self.manager, "channels", today.replace(day=1), today, users=self.member
        )
        sheet = book["Sales Channels"]
        rows = self.data_rows(sheet)
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0][0], "Test Web Shop")
        self.assertEqual(rows[0][3:6], (2, 0, 0.0))
        self.assertEqual(rows[0][8], 0.05)
        self.assertEqual(sheet["I9"].number_format, "0.0%")
        self.assertEqual(sheet._charts[0].type, "col")
