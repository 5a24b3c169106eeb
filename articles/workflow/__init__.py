"""The editorial workflow (三审三校): states, review stages, and the verbs.

``policy`` holds the rules that need no article (statuses, action names, the
configured stages and who may sign them); ``access`` asks what one article
allows whom; ``verbs`` and ``proofreading`` move it, each step recorded in its
timeline; ``notifications`` words the emails the verbs send after commit.
``WorkflowMixin`` is what ``Article`` mixes in.
"""

from .access import ArticleAccessMixin
from .policy import (
    EDITABLE_BY_AUTHOR,
    Action,
    ReviewStage,
    Status,
    WorkflowError,
    import_refusal,
    required_proofreads,
    review_stages,
    user_may_sign_stage,
)
from .proofreading import ArticleProofreadingMixin, finding_key
from .verbs import WORKFLOW_FIELDS, ArticleVerbsMixin


class WorkflowMixin(ArticleVerbsMixin, ArticleProofreadingMixin, ArticleAccessMixin):
    """Every workflow method of ``Article``: the questions and the verbs."""


__all__ = [
    "EDITABLE_BY_AUTHOR",
    "WORKFLOW_FIELDS",
    "Action",
    "ReviewStage",
    "Status",
    "WorkflowError",
    "WorkflowMixin",
    "finding_key",
    "import_refusal",
    "required_proofreads",
    "review_stages",
    "user_may_sign_stage",
]
