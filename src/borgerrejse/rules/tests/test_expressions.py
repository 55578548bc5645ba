import pytest

from borgerrejse.rules.expressions import MAX_EXPRESSION_LENGTH, Expression, ExpressionError


def test_free_names_exclude_macro_variables_and_fields():
    expression = Expression.compile("items.all(x, x > limit) && person.age > years_between(a, b)")

    assert expression.names == {"items", "limit", "person", "a", "b"}
    assert {"all", "years_between"} <= expression.functions


@pytest.mark.parametrize("source", ["a +", "(a", "a ==== b", ""])
def test_syntax_errors(source):
    with pytest.raises(ExpressionError):
        Expression.compile(source)


def test_overlong_expressions_are_refused():
    with pytest.raises(ExpressionError, match="longer than"):
        Expression.compile("1 + " * MAX_EXPRESSION_LENGTH + "1")


@pytest.mark.parametrize(
    ("start", "end", "years"),
    [
        ("2000-03-01", "2018-02-28", 17),
        ("2000-03-01", "2018-03-01", 18),
        ("2000-02-29", "2001-02-28", 0),
    ],
)
def test_whole_years_count_birthdays(start, end, years):
    program = Expression.compile(f'years_between(date("{start}"), date("{end}"))').program
    import cel

    from borgerrejse.rules.expressions import FUNCTIONS

    assert program.execute(cel.Context(functions=FUNCTIONS)) == years
