"""The text of `simulate --json`: an outline that reads back to exactly the data it was made from."""

import json

from hypothesis import given
from hypothesis import strategies as st

from lakedrill.jobs.run_json import outline

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner,
                                                                                          max_size=4), max_leaves=30)


@given(values)
def test_the_outline_reads_back_to_the_same_data(data):
    assert json.loads(outline(data)) == data


def test_records_are_one_line_each_and_a_mapping_that_holds_them_is_opened():
    data = {"name": "j", "tasks": {"a": {"state": "SUCCESS", "attempts": [{"n": 0}]}, "b": {"state": "FAILED"}},
            "repair": {"id": 1, "tasks": {"b": {"state": "SUCCESS"}}}, "keys": ["a", "b"], "empty": {}}
    assert outline(data).splitlines() == [
        "{",
        '  "name": "j",',
        '  "tasks": {',
        '    "a": {"state": "SUCCESS", "attempts": [{"n": 0}]},',
        '    "b": {"state": "FAILED"}',
        "  },",
        '  "repair": {',
        '    "id": 1,',
        '    "tasks": {',
        '      "b": {"state": "SUCCESS"}',
        "    }",
        "  },",
        '  "keys": ["a", "b"],',
        '  "empty": {}',
        "}",
    ]
