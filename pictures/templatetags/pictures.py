from django import template

from pictures.renditions import renditions_for

register = template.Library()

# The width a browser without srcset support gets: fine on a phone, passable
# on a desktop.
FALLBACK_WIDTH = 1024


@register.inclusion_tag("includes/picture.html")
def picture(image, alt="", sizes="100vw", lead=False, css_class=""):
    """Write a <picture> offering an uploaded image's renditions."""
    # ``sizes`` is the width the image takes in the layout, as in the HTML
    # attribute; ``lead`` marks the photo above the fold, which loads at once
    # instead of lazily.
    context = {"alt": alt, "sizes": sizes, "lead": lead, "css_class": css_class}
    if not image:
        return context
    record = renditions_for(image)
    if not record:
        # No renditions could be made; the stored file still shows.
        instance, field = image.instance, image.field
        return {
            **context,
            "src": image.url,
            "width": getattr(instance, field.width_field or "", None),
            "height": getattr(instance, field.height_field or "", None),
        }
    url = image.storage.url
    items = record["sizes"]
    fallback = max(
        (item for item in items if item["width"] <= FALLBACK_WIDTH),
        key=lambda item: item["width"],
        default=items[0],
    )
    return {
        **context,
        "src": url(fallback["jpg"]),
        "webp_srcset": ", ".join(f"{url(i['webp'])} {i['width']}w" for i in items),
        "jpeg_srcset": ", ".join(f"{url(i['jpg'])} {i['width']}w" for i in items),
        # The largest rendition's size gives the browser the aspect ratio to
        # reserve before any image arrives.
        "width": items[-1]["width"],
        "height": items[-1]["height"],
    }
