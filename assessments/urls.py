from django.urls import path

from .views import (
    confirm,
    emails,
    organisations,
    people,
    people_scopes,
    questionnaire,
    roles,
    rounds,
    signoff,
    tokens,
)

app_name = "assessments"

urlpatterns = [
    path("my/", organisations.home, name="home"),
    path("my/emails/", emails.sent_to_me, name="emails"),
    path("my/api-tokens/", tokens.tokens, name="api_tokens"),
    path("my/api-tokens/<int:pk>/revoke/", tokens.token_revoke, name="api_token_revoke"),
    path("regions/", organisations.region_list, name="regions"),
    path("regions/<str:ods_code>/", organisations.region_detail, name="region"),
    path("systems/", organisations.system_list, name="systems"),
    path("systems/<str:ods_code>/", organisations.system_detail, name="system"),
    path("organisations/", organisations.organisation_list, name="organisations"),
    path("organisations/<str:ods_code>/", organisations.organisation_detail, name="organisation"),
    path("organisations/<str:ods_code>/invite/", people.invite, name="invite"),
    path("organisations/<str:ods_code>/people/", people.people, name="people"),
    path(
        "organisations/<str:ods_code>/people/roles/<int:pk>/remove/",
        roles.role_remove,
        name="role_remove",
    ),
    path(
        "organisations/<str:ods_code>/people/<int:user_pk>/deactivate/",
        roles.deactivate,
        name="deactivate",
    ),
    path("organisations/<str:ods_code>/people/give/", people_scopes.give_role, name="give_role"),
    path("systems/merged/roles/", roles.merger_review, name="merger_review"),
    # The people of a system, a region and the nation (views/people_scopes.py)
    path("systems/<str:ods_code>/people/", people_scopes.system_people, name="system_people"),
    path("systems/<str:ods_code>/people/invite/", people.system_invite, name="system_invite"),
    path("systems/<str:ods_code>/people/give/", people_scopes.system_give, name="system_give"),
    path("regions/<str:ods_code>/people/", people_scopes.region_people, name="region_people"),
    path("regions/<str:ods_code>/people/invite/", people.region_invite, name="region_invite"),
    path("regions/<str:ods_code>/people/give/", people_scopes.region_give, name="region_give"),
    path("people/national/", people_scopes.national_people, name="national_people"),
    path("people/national/invite/", people.national_invite, name="national_invite"),
    path("people/national/give/", people_scopes.national_give, name="national_give"),
    # Changing a role or a person from any people page (views/roles.py)
    path("people/roles/<int:pk>/remove/", roles.person_role_remove, name="person_role_remove"),
    path(
        "people/<int:user_pk>/deactivate/", roles.person_deactivate_view, name="person_deactivate"
    ),
    path(
        "people/<int:user_pk>/reactivate/", roles.person_reactivate_view, name="person_reactivate"
    ),
    # The questionnaire (views/questionnaire.py)
    path("assigned-to-me/", questionnaire.assigned_to_me, name="assigned_to_me"),
    path("assessments/<int:pk>/", questionnaire.overview, name="assessment"),
    path(
        "assessments/<int:pk>/measures/<slug:measure_key>/",
        questionnaire.measure_page,
        name="measure",
    ),
    path(
        "assessments/<int:pk>/questions/<slug:question_key>/answer/",
        questionnaire.answer,
        name="answer",
    ),
    path(
        "assessments/<int:pk>/questions/<slug:question_key>/evidence/",
        questionnaire.evidence_add,
        name="evidence_add",
    ),
    path(
        "assessments/<int:pk>/evidence/<int:evidence_pk>/",
        questionnaire.evidence_download,
        name="evidence_download",
    ),
    path(
        "assessments/<int:pk>/evidence/<int:evidence_pk>/remove/",
        questionnaire.evidence_remove,
        name="evidence_remove",
    ),
    path("assessments/<int:pk>/assign/", questionnaire.assign, name="assign"),
    path("assessments/<int:pk>/confirm/", confirm.confirm_all, name="confirm_all"),
    path(
        "assessments/<int:pk>/measures/<slug:measure_key>/confirm/",
        confirm.confirm_measure,
        name="confirm_measure",
    ),
    # Sign-off, history and results (views/signoff.py)
    path("assessments/<int:pk>/submit/", signoff.submit, name="submit"),
    path("assessments/<int:pk>/review/", signoff.review, name="review"),
    path("assessments/<int:pk>/reopen/", signoff.reopen, name="reopen"),
    path("assessments/<int:pk>/history/", signoff.history, name="history"),
    path("assessments/<int:pk>/results/", signoff.results, name="results"),
    # Rounds (views/rounds.py)
    path("rounds/", rounds.round_list, name="rounds"),
    path("rounds/new/", rounds.round_new, name="round_new"),
    path("rounds/<int:pk>/", rounds.round_detail, name="round"),
    path("rounds/<int:pk>/launch/", rounds.round_launch_view, name="round_launch"),
    path("rounds/<int:pk>/close/", rounds.round_close_view, name="round_close"),
    path(
        "rounds/<int:pk>/not-submitted.<str:fmt>",
        rounds.round_not_submitted,
        name="round_not_submitted",
    ),
    path(
        "rounds/<int:pk>/assessments/<int:assessment_pk>/extend/",
        rounds.extend,
        name="round_extend",
    ),
    path(
        "rounds/<int:pk>/systems/<str:ods_code>/",
        rounds.system_progress,
        name="system_progress",
    ),
    path(
        "rounds/<int:pk>/systems/<str:ods_code>/not-submitted.<str:fmt>",
        rounds.system_not_submitted,
        name="system_not_submitted",
    ),
]
