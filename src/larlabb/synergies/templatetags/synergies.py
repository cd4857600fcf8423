from django import template

from larlabb.synergies import scale

register = template.Library()


@register.filter
def step_class(value: float | None) -> str:
    """The colour class of a consensus value: h-m3 … h-0 … h-p3, h-none when missing."""
    if value is None:
        return "h-none"
    step = scale.step_of(value)
    return f"h-{'m' if step < 0 else 'p'}{abs(step)}" if step else "h-0"


@register.filter
def bar_class(share: float) -> str:
    """A bar's length in 5 % steps: bar-0 … bar-20."""
    return f"bar-{round(share / 5)}"


@register.filter
def step_label(value: float | None) -> str:
    if value is None:
        return ""
    return str(scale.BY_VALUE[scale.step_of(value)].label)


@register.filter
def get_item(mapping: dict, key: str):
    return mapping.get(key, [])


@register.filter
def chart_name(key: str) -> str:
    """The chart's name in its address (ut, in, netto) for a ranking key."""
    return {"out": "ut", "in": "in", "net": "netto"}[key]
