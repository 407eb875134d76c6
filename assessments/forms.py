from django import forms

from .models import OrganisationCareSetting, Region


class OrganisationSearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=200)
    care_setting = forms.ChoiceField(
        required=False, choices=[("", "All care settings"), *OrganisationCareSetting.choices]
    )


class SystemSearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=200)
    region = forms.ModelChoiceField(
        required=False, queryset=Region.objects.all(), to_field_name="ods_code"
    )
    ended = forms.BooleanField(required=False)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions


class OrganisationImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file of organisations",
        help_text="Columns: ods_code, name, care_setting, system_code, host.",
        error_messages={"required": "Choose a CSV file to import"},
    )


class SystemMergeForm(forms.Form):
    into_code = forms.CharField(label="ODS code of the new system", max_length=10)
    name = forms.CharField(label="Name of the new system", max_length=200)
    on = forms.DateField(
        label="First day of the new system",
        help_text="The merged systems end the day before. Format: 2026-04-01.",
    )
    region = forms.ModelChoiceField(
        label="Region",
        queryset=Region.objects.all(),
        required=False,
        help_text="Leave empty to keep the region of the merged systems.",
    )
    ons_code = forms.CharField(label="ONS code (optional)", max_length=9, required=False)
