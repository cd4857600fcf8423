from django import template
from django.forms import BoundField

register = template.Library()


@register.filter
def with_id(field: BoundField, prefix) -> str:
    """Render one of several copies of a form on a page with ids of its own."""
    return field.as_widget(attrs={"id": f"m{prefix}-{field.name}"})
