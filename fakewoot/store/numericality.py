"""ActiveModel's NumericalityValidator on an integer column: it reads the value as it was assigned
(before the integer cast), so "12abc", true and null are `not_a_number` while the column would keep
12, 1 or nothing; `only_integer` wants the value's text to be an integer literal (10.0 is not)."""

from __future__ import annotations

from fakewoot.records import dataclass
from fakewoot.store.validation import Errors

MSG_NOT_A_NUMBER = "{attr} is not a number"  # errors.messages.not_a_number
MSG_NOT_AN_INTEGER = "{attr} must be an integer"  # errors.messages.not_an_integer
MSG_GREATER_THAN = "{attr} must be greater than {count}"  # errors.messages.greater_than


@dataclass(frozen=True, slots=True)
class Number:
    """A numeric attribute as assigned: the value before the cast as a number (None when it is not
    one), what the integer column keeps, whether its text is an integer literal, and whether it was
    blank (nil or an empty string: what `presence` refuses)."""

    raw: float | None
    value: int | None
    integral: bool = True
    blank: bool = False

    @classmethod
    def of(cls, value: int) -> Number:
        return cls(float(value), value)


def check_greater_than(errors: Errors, attr: str, number: Number, *, only_integer: bool = False) -> None:
    """`numericality: { greater_than: 0 }` (and `only_integer: true`), in the validator's order."""
    if number.raw is None:
        errors.add(attr, MSG_NOT_A_NUMBER)
    elif only_integer and not number.integral:
        errors.add(attr, MSG_NOT_AN_INTEGER)
    elif number.raw <= 0:
        errors.add(attr, MSG_GREATER_THAN, count=0)
