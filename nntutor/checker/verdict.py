"""The outcome of checking one answer: what a learner, a teacher and a script each read."""

from __future__ import annotations

from dataclasses import dataclass

VERDICTS = ("correct", "wrong", "invalid", "refused")
DIAGNOSES = ("correct", "shape_mismatch", "missing_transpose", "extra_transpose",
             "swapped_operands", "mean_vs_sum",
             "scale_error", "sign_error", "missing_activation_derivative", "wrong_values",
             "numeric_error", "syntax_error", "unknown_name", "refused")
EXIT_CODES = {"correct": 0, "wrong": 1, "invalid": 2, "refused": 2}


@dataclass(frozen=True)
class Verdict:
    """`verdict` is one of VERDICTS, `diagnosis` one of DIAGNOSES (stable codes for JSON).

    `message` is one line naming expected and got; shapes are in named dims; `feedback` is
    the lesson's own text when the answer equals one of its known wrong answers.
    """

    verdict: str
    diagnosis: str
    message: str
    expected_shape: tuple[str, ...] | None = None
    got_shape: tuple[str, ...] | None = None
    feedback: str | None = None

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"unknown verdict {self.verdict!r}")
        if self.diagnosis not in DIAGNOSES:
            raise ValueError(f"unknown diagnosis {self.diagnosis!r}")

    @property
    def is_correct(self) -> bool:
        return self.verdict == "correct"

    @property
    def exit_code(self) -> int:
        return EXIT_CODES[self.verdict]

    def to_json(self) -> dict:
        return {
            "verdict": self.verdict,
            "diagnosis": self.diagnosis,
            "message": self.message,
            "expected_shape": None if self.expected_shape is None else list(self.expected_shape),
            "got_shape": None if self.got_shape is None else list(self.got_shape),
            "feedback": self.feedback,
        }

    @classmethod
    def from_json(cls, data: dict) -> Verdict:
        def shape(v):
            return None if v is None else tuple(str(d) for d in v)

        return cls(data["verdict"], data["diagnosis"], data["message"],
                   shape(data.get("expected_shape")), shape(data.get("got_shape")),
                   data.get("feedback"))
