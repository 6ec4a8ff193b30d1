"""What stops a build, other than problems in the inputs (``InputError``)."""

from __future__ import annotations


class TemplateProblem(Exception):
    """A template that cannot be used: its file, what is wrong, and the text around it."""

    def __init__(self, template: str, message: str, around: str = "") -> None:
        self.template, self.message, self.around = template, message, around
        text = f"{template}: {message}"
        if around:
            text += f"\n    near: {around}"
        super().__init__(text)


class OutputRefused(Exception):
    """The output would overwrite a source file."""


class WordLimitExceeded(Exception):
    def __init__(self, stage: str, words: int, limit: int) -> None:
        super().__init__(
            f"the {stage} report has {words:,} words, over its limit of {limit:,} "
            "(report.xlsx › Documents › Word limit). Shorten the text or the inputs; "
            "nothing was written.")
        self.stage, self.words, self.limit = stage, words, limit
