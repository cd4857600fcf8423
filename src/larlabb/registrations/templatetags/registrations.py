from django import template

register = template.Library()


@register.filter
def get_count(counter, key: str) -> int:
    """A Counter's count for ``key`` in a template."""
    return counter.get(key, 0)
