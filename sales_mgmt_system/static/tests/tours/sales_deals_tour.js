import { registry } from "@web/core/registry";

// A salesperson loses a deal and says, in Odoo's own dialog, which competitor won it.
registry.category("web_tour.tours").add("sales_mgmt_system_lost_to_competitor", {
    steps: () => [
        {
            content: "Mark the deal as lost",
            trigger: ".o_statusbar_buttons button[data-hotkey='l']:visible",
            run: "click",
        },
        {
            content: "Say who won it",
            trigger: ".modal .o_field_widget[name=lost_to_competitor_id] input",
            run: "edit Tour Rival",
        },
        {
            content: "Pick the competitor",
            trigger: ".o-autocomplete--dropdown-item:contains('Tour Rival')",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal button[name=action_lost_reason_apply]",
            run: "click",
        },
        {
            content: "The deal is lost",
            trigger: ".o_form_view .ribbon:contains('Lost')",
        },
        {
            content: "Who won it shows on the deal",
            trigger: ".o_field_widget[name=lost_to_competitor_id] input:value('Tour Rival')",
        },
    ],
});
