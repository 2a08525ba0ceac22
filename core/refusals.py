"""One kind of refusal for every app: something a person asked for cannot be done, with plain
words they can act on (`.message`) and, when there are several, the list (`.problems`).

Pages catch these and show the words beside the form, keeping what was typed. Each app's
services raise a subclass named for what was refused (a transition, a ballot, scores...)."""


class Refused(Exception):
    def __init__(self, message, problems=None):
        super().__init__(message)
        self.message = message
        self.problems = list(problems or [])

    def __str__(self):
        return self.message
