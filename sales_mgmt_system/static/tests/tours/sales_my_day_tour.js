import { registry } from "@web/core/registry";
import { openSalesManagementApp } from "@sales_mgmt_system/../tests/tours/tour_utils";

// A salesperson opens the app: My day shows their target and today's
// activities, and each figure opens its records. Data comes from the test.
registry.category("web_tour.tours").add("sales_mgmt_my_day_salesperson", {
    url: "/odoo",
    steps: () => [
        ...openSalesManagementApp(),
        {
            content: "The app opens on My day, with the salesperson's target off track",
            trigger: ".o_sales_my_day .o_my_day_targets .o_my_day_target:contains('Tour: my day member target'):contains('Off Track')",
        },
        {
            content: "No team section for a salesperson",
            trigger: ".o_sales_my_day:not(:has(.o_my_day_off_track))",
        },
        {
            content: "Open today's activities",
            trigger: ".o_sales_my_day .o_my_day_activities_today",
            run: "click",
        },
        {
            content: "Today's activity is listed",
            trigger: ".o_list_view .o_data_row:contains('Tour: call the customer today')",
        },
        {
            content: "Back to My day",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains('My Day')",
            run: "click",
        },
        {
            content: "Open the target",
            trigger: ".o_sales_my_day .o_my_day_target:contains('Tour: my day member target')",
            run: "click",
        },
        {
            content: "The target's form is open",
            trigger: ".o_form_view .o_breadcrumb .active:contains('Tour: my day member target')",
        },
    ],
});

// A team leader: their team's targets off track and the reviews to write.
registry.category("web_tour.tours").add("sales_mgmt_my_day_leader", {
    url: "/odoo",
    steps: () => [
        ...openSalesManagementApp(),
        {
            content: "The member's target is among the team's targets off track",
            trigger: ".o_sales_my_day .o_my_day_off_track .o_my_day_target:contains('Tour: my day member target')",
        },
        {
            content: "Open every target of the team off track",
            trigger: ".o_sales_my_day .o_my_day_open_off_track",
            run: "click",
        },
        {
            content: "The list holds the member's target",
            trigger: ".o_list_view .o_data_row:contains('Tour: my day member target')",
        },
        {
            content: "The other team's target is not there",
            trigger: ".o_list_view:not(:has(.o_data_row:contains('Tour: my day other target')))",
        },
        {
            content: "Back to My day",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains('My Day')",
            run: "click",
        },
        {
            content: "Open the reviews to write",
            trigger: ".o_sales_my_day .o_my_day_open_reviews_to_write:contains('1')",
            run: "click",
        },
        {
            content: "The member's draft review is listed",
            trigger: ".o_list_view .o_data_row:contains('Tour My Day Member')",
        },
    ],
});
