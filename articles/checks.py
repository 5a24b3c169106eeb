from django.conf import settings
from django.core.checks import Error, register


@register()
def check_review_stages(app_configs, **kwargs):
    """Refuse to start with a review sequence the workflow cannot follow."""
    stages = getattr(settings, "NEWSROOM_REVIEW_STAGES", None)
    hint = (
        'Set DJANGO_REVIEW_STAGES to a JSON list like [{"name": "初审", '
        '"group": "editors"}], or leave it unset for 初审/复审/终审.'
    )
    if not isinstance(stages, list) or not stages:
        return [
            Error(
                "NEWSROOM_REVIEW_STAGES must be a non-empty list.",
                hint=hint,
                id="articles.E001",
            )
        ]
    errors = []
    for number, stage in enumerate(stages, start=1):
        if (
            not isinstance(stage, dict)
            or not isinstance(stage.get("name"), str)
            or not stage["name"].strip()
            or not isinstance(stage.get("group"), str)
            or not stage["group"].strip()
            or set(stage) - {"name", "group", "department_scoped"}
        ):
            errors.append(
                Error(
                    f"Review stage {number} needs a 'name' and a 'group' "
                    "(and optionally 'department_scoped'), nothing else.",
                    hint=hint,
                    id="articles.E002",
                )
            )
    required = getattr(settings, "NEWSROOM_REQUIRED_PROOFREADS", None)
    if not isinstance(required, int) or not 0 <= required <= 3:
        errors.append(
            Error(
                "NEWSROOM_REQUIRED_PROOFREADS must be 0, 1, 2 or 3.",
                id="articles.E003",
            )
        )
    return errors
