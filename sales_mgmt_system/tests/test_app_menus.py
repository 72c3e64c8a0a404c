from odoo.tests import tagged

from .common import SalesMgmtCase


@tagged("post_install", "-at_install")
class TestAppMenus(SalesMgmtCase):
    """Who sees which menu of the app, and that what they see opens."""

    def app_menus(self, user):
        return self.menus_shown_under(user, "sales_mgmt_system.menu_root")

    def test_every_salesperson_gets_the_app(self):
        expected = (
            self.env.ref("sales_mgmt_system.menu_root")
            | self.env.ref("sales_mgmt_system.menu_my_pipeline")
            | self.env.ref("sales_mgmt_system.menu_customer_list")
        )
        for user in (self.member, self.leader, self.all_docs, self.manager):
            with self.subTest(user=user.login):
                self.assertLessEqual(expected, self.app_menus(user))

    def test_the_app_opens_on_my_day_first(self):
        my_day = self.env.ref("sales_mgmt_system.action_sales_mgmt_my_day")
        root = self.env.ref("sales_mgmt_system.menu_root")
        self.assertEqual(root.action, my_day)
        for user in (self.member, self.leader, self.all_docs, self.manager):
            with self.subTest(user=user.login):
                children = self.app_menus(user).filtered(lambda m: m.parent_id == root)
                first = children.sorted(lambda m: (m.sequence, m.id))[:1]
                self.assertEqual(first, self.env.ref("sales_mgmt_system.menu_my_day"))

    def test_users_without_sales_rights_do_not_get_the_app(self):
        self.assertFalse(self.app_menus(self.internal))

    def test_configuration_is_for_sales_managers(self):
        configuration = self.env.ref("sales_mgmt_system.menu_configuration")
        for user in (self.member, self.leader, self.all_docs):
            with self.subTest(user=user.login):
                self.assertNotIn(configuration, self.app_menus(user))
        manager_menus = self.app_menus(self.manager)
        self.assertIn(self.env.ref("sales_mgmt_system.menu_sales_teams"), manager_menus)
        self.assertIn(self.env.ref("sales_mgmt_system.menu_pipeline_stages"), manager_menus)

    def test_settings_menu_is_for_administrators(self):
        settings = self.env.ref("sales_mgmt_system.menu_settings")
        self.assertNotIn(settings, self.app_menus(self.manager))
        self.manager.groups_id += self.env.ref("base.group_system")
        self.assertIn(settings, self.app_menus(self.manager))

    def test_every_visible_menu_opens_for_its_user(self):
        """A menu a user sees leads to records that user may read."""
        for user in (self.member, self.leader, self.all_docs, self.manager):
            for menu in self.app_menus(user).filtered("action"):
                with self.subTest(user=user.login, menu=menu.complete_name):
                    action = menu.action.sudo()
                    if action._name == "ir.actions.client":
                        # My day (the app's home) loads its page as the user;
                        # the reports addon's dashboard is tested by that addon.
                        if action.tag == "sales_mgmt_my_day":
                            my_day = self.env[action.res_model].with_user(user)
                            self.assertTrue(my_day.get_my_day())
                        continue
                    model = (
                        action.res_model
                        if action._name == "ir.actions.act_window"
                        else (action.model_id.model)
                    )
                    self.assertTrue(self.env[model].with_user(user).has_access("read"))
