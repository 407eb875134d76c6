"""What the authoring pages' posts mean, in the services' terms."""

from django import forms


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Framework file",
        help_text="A YAML file in the waymark-framework/1 format, at most 1 MB.",
        error_messages={"required": "Choose a framework file to upload"},
    )
    replace_draft = forms.BooleanField(
        required=False,
        label="If this version is already a draft, replace the draft's content with this file",
    )


class PublishForm(forms.Form):
    change_notes = forms.CharField(required=False, strip=True)


class NewDraftForm(forms.Form):
    version = forms.CharField(
        max_length=20,
        strip=True,
        error_messages={"required": "Enter the new version's number, for example 2.1.0"},
    )
    change_notes = forms.CharField(required=False, strip=True)
