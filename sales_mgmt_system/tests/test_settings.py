from lxml import etree

from odoo.tests import Form, tagged

from .common import SalesMgmtCase


@tagged("post_install", "-at_install")
class TestSettings(SalesMgmtCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager.groups_id += cls.env.ref("base.group_system")
        cls.Settings = cls.env["res.config.settings"].with_user(cls.manager)

    def test_settings_page_has_the_sales_management_block(self):
        arch = etree.fromstring(self.Settings.get_view()["arch"])
        app = arch.xpath("//app[@name='sales_mgmt_system']")
        self.assertTrue(app, "Settings must show a Sales Management app block")
        self.assertTrue(app[0].xpath(".//block[@name='sales_mgmt_access_block']"))

    def test_settings_open_and_save_from_the_app(self):
        action = self.env.ref("sales_mgmt_system.action_sales_mgmt_config_settings")
        self.assertEqual(action.res_model, "res.config.settings")
        self.assertIn("sales_mgmt_system", action.context)
        settings = Form(self.Settings.with_context(module="sales_mgmt_system"))
        settings.save().execute()

    def test_settings_block_buttons_open_team_and_stage_configuration(self):
        arch = etree.fromstring(self.Settings.get_view()["arch"])
        buttons = arch.xpath("//app[@name='sales_mgmt_system']//button[@type='action']")
        targets = {
            self.env["ir.actions.act_window"].browse(int(button.get("name"))).res_model
            for button in buttons
        }
        self.assertEqual(targets, {"crm.team", "crm.stage"})
