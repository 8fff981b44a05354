"""Templates: every bundled one renders its sample, reads cleanly for any context, and is sandboxed."""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generate.markup import plain_text
from generate.render import (
    TemplateFailed,
    TemplateRefused,
    render,
    sample_context,
    template_names,
    template_variables,
)

TEMPLATES = ["half_year_summary", "annual_summary", "speech", "supervision_bulletin", "agreed_item_ledger"]

# Things that never appear in natural official Chinese produced from a context.
BAD = [
    (re.compile(r"None|null|undefined|\{\{|\}\}"), "a leaked value or tag"),
    (re.compile(r"[、，；][。；，、]"), "a dangling separator"),
    (re.compile(r"[、，；]$", re.M), "a line ending on a separator"),
    (re.compile(r"[一二三四五六七八九十]是[。；]"), "an empty enumeration item"),
    (re.compile(r"(?<![\d.])0(个|项|次|家)"), "a zero count said as a number"),
    (re.compile(r"：。|(?<!同志们)：$", re.M), "a colon with nothing after it"),
]


def assert_clean(text: str) -> None:
    for pattern, what in BAD:
        m = pattern.search(text)
        assert m is None, f"{what}: …{text[max(0, m.start() - 20): m.end() + 20]}…"


def test_all_bundled_templates_are_listed():
    assert set(TEMPLATES) <= set(template_names())


@pytest.mark.parametrize("name", TEMPLATES)
def test_sample_context_names_every_variable(name):
    assert template_variables(name) <= set(sample_context(name))


@pytest.mark.parametrize("name", TEMPLATES)
def test_sample_renders_cleanly(name):
    text = render(name, sample_context(name))
    assert text.startswith("# ")
    assert_clean(plain_text(text))


def _strategy_like(value):
    """A hypothesis strategy producing values of the same shape as a sample value."""
    words = st.text(alphabet="项目建设推进用地资金县局镇改造工程中心", min_size=2, max_size=12)
    if isinstance(value, bool):
        return st.booleans()
    if isinstance(value, int):
        return st.integers(min_value=0, max_value=40)
    if isinstance(value, str):
        return words
    if isinstance(value, list):
        if not value:
            return st.just([])
        return st.lists(_strategy_like(value[0]), max_size=4)
    if isinstance(value, dict):
        if set(value) == {"text", "ref"}:  # a cited figure: may be missing
            return st.one_of(st.none(), st.fixed_dictionaries({"text": words, "ref": st.sampled_from(["F1", "F2"])}))
        return st.fixed_dictionaries({k: _strategy_like(v) for k, v in value.items()})
    return st.just(value)


@pytest.mark.parametrize("name", TEMPLATES)
def test_any_context_reads_cleanly(name):
    sample = sample_context(name)

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(_strategy_like(sample))
    def check(ctx):
        assert_clean(plain_text(render(name, ctx)))

    check()


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ doc.__class__.__base__.__subclasses__() }}",
        "{{ cycler.__init__.__globals__ }}",
    ],
)
def test_sandbox_refuses_reaching_into_python(tmp_path, source):
    user = tmp_path / "evil.md.j2"
    user.write_text("# 标题\n" + source + "\n", encoding="utf-8")
    with pytest.raises((TemplateRefused, TemplateFailed)) as err:
        render(user, {"doc": {"title": "x"}})
    assert "模板" in str(err.value) and "evil.md.j2" in str(err.value)


def test_missing_variable_is_named_before_rendering(tmp_path):
    user = tmp_path / "mine.md.j2"
    user.write_text("# {{ doc.title }}\n{{ nosuch }}\n", encoding="utf-8")
    with pytest.raises(TemplateFailed) as err:
        render(user, {"doc": {"title": "x"}})
    assert "nosuch" in str(err.value)
