"""What questions tell the apps built on them."""

from django.dispatch import Signal

# A question was hidden or shown again (reported, restored, removed), within the transaction that did it: whatever
# is listed under the question (its answers) now answers differently. Arguments: `question_id`.
question_visibility_changed = Signal()
