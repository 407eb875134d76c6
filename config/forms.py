from django import forms
from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    """Django's sign-in form with messages that say what to do next."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": ("Enter a correct username and password. Both are case-sensitive."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["password"].strip = False
        self.fields["username"].widget = forms.TextInput()
