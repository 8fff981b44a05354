"""Render a template to text: a sandboxed Jinja2 environment with StrictUndefined and duban's filters.

Templates are ``templates/<name>.md.j2`` (Markdown with official-document conventions, see ``templates/README``)
and each has a ``<name>.sample.json`` context listing every variable.  A user's own template
(``--template FILE``) runs in the same sandbox: it can reach only the context and the filters; attribute
access to dunder names (``''.__class__.__mro__``) is refused with a clear message.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from generate.filters import FILTERS

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"


class GenerateError(Exception):
    """Base class of what ``generate`` raises; ``str(err)`` is a complete message for the user."""

    code = "E300"

    def __init__(self, reason: str, hint: str = ""):
        self.reason, self.hint = reason, hint
        super().__init__(f"[{self.code}] {reason}" + (f"\n  提示: {hint}" if hint else ""))


class TemplateNotFound(GenerateError):
    code = "E301"


class TemplateRefused(GenerateError):
    """The sandbox refused something the template tried (attribute of a dunder, a call it may not make)."""

    code = "E302"


class TemplateFailed(GenerateError):
    """Rendering failed: a variable the context lacks, a syntax error, a filter given bad input."""

    code = "E303"


@functools.cache
def environment(search_dir: str = str(TEMPLATES_DIR)) -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(
        loader=jinja2.FileSystemLoader(search_dir),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    return env


def template_names() -> list[str]:
    """Names of the bundled templates (``half_year_summary`` …)."""
    return sorted(p.name[: -len(".md.j2")] for p in TEMPLATES_DIR.glob("*.md.j2"))


def template_path(name_or_file: str | Path) -> Path:
    p = Path(name_or_file)
    if p.suffix and p.exists():
        return p
    bundled = TEMPLATES_DIR / f"{name_or_file}.md.j2"
    if bundled.exists():
        return bundled
    raise TemplateNotFound(
        f"找不到模板 {name_or_file}",
        f"内置模板有: {'、'.join(template_names())}；或用 --template 指定一个 .md.j2 文件",
    )


def template_variables(name_or_file: str | Path) -> set[str]:
    """The top-level variables a template reads (for ``duban templates`` and the docs test)."""
    path = template_path(name_or_file)
    env = environment(str(path.parent))
    ast = env.parse(path.read_text(encoding="utf-8"))
    found = set(meta.find_undeclared_variables(ast))
    # "{% extends 'half_year_summary.md.j2' %}" reads everything its parent reads
    for ref in meta.find_referenced_templates(ast):
        if ref and ref != path.name and not ref.startswith("_") and (path.parent / ref).exists():
            found |= template_variables(path.parent / ref)
    return found


def sample_context(name: str) -> dict[str, Any]:
    return json.loads((TEMPLATES_DIR / f"{name}.sample.json").read_text(encoding="utf-8"))


def render(name_or_file: str | Path, context: dict[str, Any]) -> str:
    """Render a template with a plain context (str / number / list / dict values only).

    Raises:
        TemplateNotFound, TemplateRefused, TemplateFailed — each naming the template and what to do.
    """
    path = template_path(name_or_file)
    env = environment(str(path.parent))
    missing = sorted(template_variables(path) - set(context))
    if missing:
        raise TemplateFailed(
            f"模板 {path.name} 需要的变量在上下文中没有: {', '.join(missing)}",
            "检查模板里的变量名，或运行 duban templates 查看每个模板可用的变量",
        )
    try:
        return env.get_template(path.name).render(**context)
    except SecurityError as err:
        raise TemplateRefused(
            f"模板 {path.name} 试图访问不允许的内容（{err}）",
            "模板只能使用上下文变量和 duban 提供的过滤器，不能访问 Python 对象的内部属性",
        ) from err
    except jinja2.TemplateSyntaxError as err:
        raise TemplateFailed(f"模板 {path.name} 第 {err.lineno} 行语法错误: {err.message}") from err
    except jinja2.UndefinedError as err:
        raise TemplateFailed(f"模板 {path.name} 用到了未定义的变量: {err.message}") from err
