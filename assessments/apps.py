from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Assessments, organisations and access"

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete, post_save

        from .access.memo import forget_grants
        from .models import Membership

        # A role given, changed or taken away, or a person changed (deactivated, made a
        # superuser): the roles a request has read are forgotten (`access.policy.grants_kept`).
        for model in (Membership, get_user_model()):
            post_save.connect(forget_grants, sender=model, dispatch_uid=f"forget-{model.__name__}")
            post_delete.connect(
                forget_grants, sender=model, dispatch_uid=f"forget-{model.__name__}-gone"
            )
