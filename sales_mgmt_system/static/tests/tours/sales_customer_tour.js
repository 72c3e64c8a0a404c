import { registry } from "@web/core/registry";
import { openAppMenu, openSalesManagementApp } from "@sales_mgmt_system/../tests/tours/tour_utils";

// A salesperson opens a customer before a call: the profile tab shows its
// lifecycle stage and RFM segment, and leads to a segment it belongs to.
registry.category("web_tour.tours").add("sales_mgmt_system_customer_profile", {
    url: "/odoo",
    steps: () => [
        ...openSalesManagementApp(),
        ...openAppMenu("sales_mgmt_system.menu_customers", "sales_mgmt_system.menu_customer_list"),
        {
            content: "Search the customer",
            trigger: ".o_searchview_input",
            run: "edit Tour Profile Customer",
        },
        {
            content: "Validate the search",
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "Open the customer",
            trigger: ".o_kanban_record:contains('Tour Profile Customer'), .o_data_row:contains('Tour Profile Customer')",
            run: "click",
        },
        {
            content: "Open the customer profile tab",
            trigger: ".o_notebook .nav-link:contains('Customer Profile')",
            run: "click",
        },
        {
            content: "The lifecycle stage is shown",
            trigger: ".o_field_widget[name=lifecycle_stage]:contains('Loyal')",
        },
        {
            content: "The RFM segment is shown",
            trigger: ".o_field_widget[name=rfm_segment]:contains('Champions')",
        },
        {
            content: "The orders button counts the orders",
            trigger: "button[name=action_view_customer_orders]:contains('6')",
        },
        {
            content: "Open the customer segments",
            trigger: ".o_main_navbar button[data-menu-xmlid='sales_mgmt_system.menu_customers']",
            run: "click",
        },
        {
            content: "Open Segments",
            trigger: ".dropdown-item[data-menu-xmlid='sales_mgmt_system.menu_sales_segment']",
            run: "click",
        },
        {
            content: "Open the segment the customer belongs to",
            trigger: ".o_data_row td:contains('Tour Champions')",
            run: "click",
        },
        {
            content: "The customer is a member",
            trigger: ".o_field_widget[name=partner_ids] .o_data_row:contains('Tour Profile Customer')",
        },
    ],
});
