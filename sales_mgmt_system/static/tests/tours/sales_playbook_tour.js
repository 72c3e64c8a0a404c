import { registry } from "@web/core/registry";

// A salesperson tries to move an opportunity forward with a required step
// undone (a click on the next stage in the form's statusbar), is refused by
// the stage gate, ticks the step and moves it forward.
registry.category("web_tour.tours").add("sales_mgmt_system_stage_gate", {
    steps: () => [
        {
            content: "The opportunity is in its first stage",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Tour Stage A')",
        },
        {
            content: "Move it to the next stage",
            trigger: ".o_statusbar_status button:contains('Tour Stage B')",
            run: "click",
        },
        {
            content: "The gate refuses and names the missing step",
            trigger: ".modal .modal-body:contains('Call the buyer')",
        },
        {
            content: "Close the message",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Discard the refused move",
            trigger: ".o_form_button_cancel",
            run: "click",
        },
        {
            content: "Still in the first stage",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Tour Stage A')",
        },
        {
            content: "Open the sales process tab",
            trigger: ".o_notebook .nav-link:contains('Sales Process')",
            run: "click",
        },
        {
            content: "Tick the required step",
            trigger:
                ".o_field_widget[name=lead_step_ids] .o_data_row:contains('Call the buyer') .o_field_boolean_toggle input",
            run: "click",
        },
        {
            content: "Move it to the next stage again",
            trigger: ".o_statusbar_status button:contains('Tour Stage B')",
            run: "click",
        },
        {
            content: "The opportunity moved forward",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Tour Stage B')",
        },
        {
            content: "Its form is saved",
            trigger: ".o_form_saved",
        },
    ],
});
