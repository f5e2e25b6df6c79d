"""`{% member_block blocks name %}…{% endmember_block %}`: a block of a member's page from
the cache (digest.fragments), with the member's own CSRF token put back in its forms.

Where `blocks` is None (visitors, editors, moderators, the cache off) the content is
rendered as if the tag were not there.
"""

from django import template
from django.utils.safestring import mark_safe

from ..fragments import csrf_placeholder

register = template.Library()


class MemberBlockNode(template.Node):
    def __init__(self, nodelist, blocks, name):
        self.nodelist = nodelist
        self.blocks = blocks
        self.name = name

    def render(self, context):
        blocks = self.blocks.resolve(context)
        if blocks is None:
            return self.nodelist.render(context)
        name = str(self.name.resolve(context))
        placeholder = csrf_placeholder()
        html = blocks.stored(name)
        if html is None:
            with context.push(csrf_token=placeholder):
                html = self.nodelist.render(context)
            blocks.store(name, html)
        # Safe: the stored HTML was rendered by the templates inside this tag, and the token
        # is the request's own (letters and digits).
        return mark_safe(html.replace(placeholder, str(context.get("csrf_token", ""))))  # noqa: S308


@register.tag
def member_block(parser, token):
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError("member_block takes the blocks and a block's name")
    nodelist = parser.parse(("endmember_block",))
    parser.delete_first_token()
    return MemberBlockNode(nodelist, parser.compile_filter(bits[1]), parser.compile_filter(bits[2]))
