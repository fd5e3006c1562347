from django.apps import AppConfig


class AnswersConfig(AppConfig):
    name = "answers"

    def ready(self) -> None:
        from answers.cache import answer_list_forget
        from questions.signals import question_visibility_changed

        question_visibility_changed.connect(answer_list_forget, dispatch_uid="answers.cache.answer_list_forget")
