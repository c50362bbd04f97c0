"""How each kind of question is answered, as strategies of one pipeline (`pipeline.py`).

Each strategy takes an analysed question and where it is asked (`base.Asked`), uses the
candidate and ranking stage (`ranking.Ranking`) and the quotation stage (`sayings.Sayings`),
and returns an `Outcome` that `compose.answer` turns into the `Answer`:

- `search`: the passages that answer the question (any kind, and every question asked of
  one article).
- `who_said`: the passage whose quotation holds the claimed words goes first, its speaker the
  answer.
- `what_said`: the quotation of the person asked about on the topic asked about.
- `check_quote`: whether the person said the words: exact, close, someone else, or not found.
"""
