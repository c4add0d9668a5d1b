"""The one exception type a build raises: a one-line reason naming table and problem."""


class BuildError(RuntimeError):
    """A build step failed; the message is shown to the user as-is (one line, no traceback)."""

    def __init__(self, table: str, problem: str, hint: str = "") -> None:
        self.table = table
        self.problem = problem
        self.hint = hint
        msg = f"{table}: {problem}"
        if hint:
            msg += f" — {hint}"
        super().__init__(msg)
