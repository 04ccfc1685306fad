"""Forms of record transfer. They shape input; the services check the rules and write."""

from __future__ import annotations

from django import forms

from preventhub.core.forms import Form


class SendForm(Form):
    mis_id = forms.CharField(
        label="MIS id of the learner or member of staff",
        max_length=64,
        help_text="As it appears in your people register.",
        error_messages={"required": "Enter the MIS id of the person whose file you are sending."},
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10"}),
    )
    recipient_name = forms.CharField(
        label="Institution the file is going to",
        max_length=200,
        help_text="The school, college or provider the person has moved to.",
        error_messages={"required": "Enter the institution the file is going to."},
    )
    idempotency_key = forms.CharField(required=False, widget=forms.HiddenInput, max_length=100)


class ReceiveForm(Form):
    package = forms.FileField(
        label="Safeguarding file",
        help_text="The .phsg file the sending institution gave you.",
        error_messages={"required": "Choose the file the sending institution gave you."},
    )
    passphrase = forms.CharField(
        label="Passphrase",
        max_length=100,
        help_text="The sender reads it to you by phone: 6 groups of 4 letters and digits.",
        error_messages={"required": "Enter the passphrase the sender gave you."},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
    )


class AcceptForm(Form):
    mis_id = forms.CharField(
        label="Their MIS id at your institution",
        max_length=64,
        required=False,
        help_text="If they are already in your people register, enter the MIS id you use, and "
        "the file is linked to that record. Leave it empty to add them to the register with "
        "the MIS id from the file.",
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10"}),
    )


class RejectForm(Form):
    reason = forms.CharField(
        label="Why are you rejecting the file?",
        max_length=2000,
        help_text="The sender sees this on the receipt, for example: not a learner here.",
        error_messages={"required": "Enter why you are rejecting the file."},
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReceiptForm(Form):
    receipt = forms.FileField(
        label="Receipt from the receiving institution",
        help_text="The receipt .json file they downloaded from PreventHub.",
        error_messages={"required": "Choose the receipt file to upload."},
    )
