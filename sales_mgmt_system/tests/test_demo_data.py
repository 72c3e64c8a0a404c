from unittest.mock import patch

from odoo.tests import tagged
from odoo.tools.translate import code_translations

from .common import SalesMgmtCase

# The Chinese of the demo targets' names, for as long as i18n/zh_CN.po lacks it.
ZH_CN_TARGET_NAMES = {
    "%(team)s %(year)s: revenue +%(growth)s%%": "%(team)s %(year)s 年：收入 +%(growth)s%%",  # noqa: RUF001
    "%(person)s: won deals, %(quarter)s": "%(person)s：成单数，%(quarter)s",  # noqa: RUF001
}


@tagged("post_install", "-at_install")
class TestDemoData(SalesMgmtCase):
    """The demo loader builds the planned company and never duplicates it.

    On a database installed with demo data the first call finds everything;
    on one without, it loads the company first. Either way a second call
    must add nothing.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["sales.mgmt.demo"]._load_demo_data()

    def test_teams_and_salespeople(self):
        teams = self.demo_records("crm.team")
        self.assertEqual(len(teams), 2)
        salespeople = self.demo_records("res.users")
        self.assertEqual(len(salespeople), 5)
        self.assertEqual(teams.member_ids, salespeople)
        self.assertEqual(len(teams.user_id), 2, "each team has its own leader")
        self.assertTrue(all(u.has_group("sales_team.group_sale_salesman") for u in salespeople))

    def test_customers_orders_and_invoices_in_company_currency(self):
        customers = self.demo_records("res.partner")
        self.assertEqual(len(customers), 40)
        orders = self.demo_records("sale.order")
        confirmed = orders.filtered(lambda o: o.state == "sale")
        self.assertGreater(len(confirmed), 100)
        self.assertEqual(orders.currency_id, self.env.company.currency_id)
        self.assertTrue(orders.filtered(lambda o: o.state == "draft"), "quotations exist")
        months = {order.date_order.strftime("%Y-%m") for order in confirmed}
        self.assertGreaterEqual(len(months), 18, "orders are spread over 18 months")
        invoices = confirmed.invoice_ids
        self.assertTrue(invoices)
        self.assertEqual(set(invoices.mapped("state")), {"posted"})
        self.assertIn("paid", invoices.mapped("payment_state"))
        self.assertIn("not_paid", invoices.mapped("payment_state"))

    def test_opportunities_in_every_stage(self):
        opportunities = self.demo_records("crm.lead").with_context(active_test=False)
        open_stages = self.env["sales.mgmt.demo"]._demo_open_stages()
        open_opportunities = opportunities.filtered(lambda o: o.active and not o.stage_id.is_won)
        self.assertEqual(open_opportunities.stage_id, open_stages)
        self.assertTrue(opportunities.filtered("stage_id.is_won"), "won deals exist")
        self.assertTrue(opportunities.filtered(lambda o: not o.active), "lost deals exist")
        won = opportunities.filtered("stage_id.is_won")
        self.assertEqual(won.order_ids.filtered(lambda o: o.state == "sale").opportunity_id, won)

    def test_loading_again_adds_nothing(self):
        models = (
            "res.users",
            "crm.team",
            "res.partner",
            "crm.lead",
            "sale.order",
            "account.move",
            "account.payment",
        )
        counts = {
            model: self.env[model].with_context(active_test=False).search_count([])
            for model in models
        }
        self.env["sales.mgmt.demo"]._load_demo_data()
        for model in models:
            with self.subTest(model=model):
                self.assertEqual(
                    self.env[model].with_context(active_test=False).search_count([]),
                    counts[model],
                )

    def test_loading_again_restores_a_deleted_record_once(self):
        quotation = self.demo_records("sale.order").filtered(lambda o: o.state == "draft")[:1]
        xmlid = quotation.get_external_id()[quotation.id]
        opportunity = quotation.opportunity_id
        quotation.unlink()
        self.env["sales.mgmt.demo"]._load_demo_data()
        restored = self.env.ref(xmlid)
        self.assertEqual(restored.opportunity_id, opportunity)
        self.assertEqual(len(opportunity.order_ids), 1)

    def test_target_names_are_stored_in_the_company_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        get_python_translations = code_translations.get_python_translations

        def with_target_names(module, lang):
            translations = get_python_translations(module, lang)
            if (module, lang) != ("sales_mgmt_system", "zh_CN"):
                return translations
            return {**ZH_CN_TARGET_NAMES, **translations}

        admin = self.env.ref("base.user_admin")
        for company_lang, admin_lang in (("zh_CN", "en_US"), (False, "zh_CN")):
            with self.subTest(company_lang=company_lang, admin_lang=admin_lang):
                self.demo_records("sales.target").unlink()
                self.company.partner_id.lang = company_lang
                admin.lang = admin_lang
                with patch.object(
                    code_translations, "get_python_translations", side_effect=with_target_names
                ):
                    # A user reading in English loads it: the names follow the company.
                    self.env["sales.mgmt.demo"].with_context(lang="en_US")._load_demo_data()
                targets = self.demo_records("sales.target")
                deals = targets.filtered(lambda t: t.measure == "won_deals")
                teams = targets.filtered("team_id")
                self.assertTrue(deals and teams)
                deal_words, team_words = "：成单数，", "年：收入 +20%"  # noqa: RUF001
                self.assertTrue(all(deal_words in name for name in deals.mapped("name")))
                self.assertTrue(all(team_words in name for name in teams.mapped("name")))
                members = targets.filtered("parent_id")
                self.assertTrue(all(m.name.startswith(m.parent_id.name) for m in members))
