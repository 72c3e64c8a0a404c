import { registry } from "@web/core/registry";
import { openAppMenu, openSalesManagementApp } from "@sales_mgmt_system/../tests/tours/tour_utils";

// A team leader opens the app every morning: My day, their targets, then their
// own pipeline, the whole team's, and their customers. Data comes from the test.
registry.category("web_tour.tours").add("sales_mgmt_system_team_leader_day", {
    url: "/odoo",
    steps: () => [
        ...openSalesManagementApp(),
        {
            content: "The app opens on My day",
            trigger: ".o_sales_my_day .o_my_day_targets",
        },
        ...openAppMenu("sales_mgmt_system.menu_targets", "sales_mgmt_system.menu_my_targets"),
        {
            content: "The leader's targets: nothing sold yet, off track",
            trigger: ".o_kanban_record:contains('Tour: leader target'):contains('Off Track')",
        },
        ...openAppMenu("sales_mgmt_system.menu_sales_process", "sales_mgmt_system.menu_my_pipeline"),
        {
            content: "The leader's own pipeline comes first",
            trigger: ".o_kanban_record:contains('Tour: leader deal')",
        },
        {
            content: "A salesperson's menus do not include Configuration",
            trigger:
                ".o_main_navbar:not(:has([data-menu-xmlid='sales_mgmt_system.menu_configuration']))",
        },
        {
            content: "Remove the 'My Pipeline' filter to see the whole team",
            trigger: ".o_searchview_facet .o_facet_remove",
            run: "click",
        },
        {
            content: "The team member's opportunity is visible to the leader",
            trigger: ".o_kanban_record:contains('Tour: member deal')",
        },
        {
            content: "Another team's opportunity is not",
            trigger:
                ".o_kanban_renderer:not(:has(.o_kanban_record:contains('Tour: other team deal')))",
        },
        ...openAppMenu("sales_mgmt_system.menu_customers", "sales_mgmt_system.menu_customer_list"),
        {
            content: "The leader's customer is listed",
            trigger: ".o_kanban_record:contains('Tour Lotus Florist')",
        },
    ],
});
