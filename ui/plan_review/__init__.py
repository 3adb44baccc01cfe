"""The review step of plan import: source text beside what was understood; nothing stored until confirmed."""
from ui.plan_review.dialog import PlanReviewDialog

__all__ = ["PlanReviewDialog"]
