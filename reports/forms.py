"""What a POST to a reports page means, in the services' terms."""

from django import forms

from frameworks.models import FrameworkVersion

from .benchmarks.reading import MAX_BYTES


class BenchmarkUploadForm(forms.Form):
    file = forms.FileField(
        label="The results file",
        help_text="An Excel workbook (.xlsx) or a CSV file (.csv), 10 MB at most.",
        error_messages={"required": "Choose the results file to upload"},
    )
    name = forms.CharField(
        label="Name of the benchmark",
        max_length=200,
        help_text='For example "2025 national results".',
        error_messages={
            "required": "Give the benchmark a name",
            "max_length": "The name must be 200 characters or fewer",
        },
    )
    framework_version = forms.ModelChoiceField(
        label="Framework version its columns are mapped to",
        queryset=FrameworkVersion.objects.filter(
            status=FrameworkVersion.Status.PUBLISHED
        ).select_related("framework"),
        empty_label=None,
        error_messages={"invalid_choice": "Choose a published framework version"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework_version"].label_from_instance = lambda v: (
            f"{v.framework_name} {v.version}"
        )
        latest = self.fields["framework_version"].queryset.order_by("-published_at").first()
        if latest is not None:
            self.fields["framework_version"].initial = latest.pk

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(
                "The file must be an Excel workbook (.xlsx) or a CSV file (.csv)"
            )
        if upload.size > MAX_BYTES:
            raise forms.ValidationError("The file must be 10 MB or smaller")
        if upload.size == 0:
            raise forms.ValidationError("The file is empty")
        return upload

    def clean_name(self):
        return self.cleaned_data["name"].strip()
