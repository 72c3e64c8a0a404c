import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// A team leader opens the app every morning: their targets first, then their
// own pipeline, the whole team's, and their customers. Data comes from the test.
registry.category("web_tour.tours").add("sales_mgmt_system_team_leader_day", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Sales Management app",
            trigger: ".o_app[data-menu-xmlid='sales_mgmt_system.menu_root']",
            run: "click",
        },
        {
            content: "The app opens on the leader's targets: nothing sold yet, off track",
            trigger: ".o_kanban_record:contains('Tour: leader target'):contains('Off Track')",
        },
        {
            content: "Open the Sales Process menu",
            trigger:
                ".o_main_navbar button[data-menu-xmlid='sales_mgmt_system.menu_sales_process']",
            run: "click",
        },
        {
            content: "Open the pipeline",
            trigger: ".dropdown-item[data-menu-xmlid='sales_mgmt_system.menu_my_pipeline']",
            run: "click",
        },
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
        {
            content: "Open the Customers menu",
            trigger: ".o_main_navbar button[data-menu-xmlid='sales_mgmt_system.menu_customers']",
            run: "click",
        },
        {
            content: "Open the customer list",
            trigger: ".dropdown-item[data-menu-xmlid='sales_mgmt_system.menu_customer_list']",
            run: "click",
        },
        {
            content: "The leader's customer is listed",
            trigger: ".o_kanban_record:contains('Tour Lotus Florist')",
        },
    ],
});
