"""Photos and headshots: safe decoding of uploads, renditions, the model field.

``uploads`` accepts an image only after decoding it in full and re-encodes it
without metadata; ``renditions`` makes and records the resized copies pages
serve; ``fields.ProcessedImageField`` ties both to a model. The public
templates show an image with their ``picture()`` macro, which reads
``renditions.picture_sources()``, and ``make_renditions`` brings every
stored image's renditions up to date. Any app with images uses this one; it
knows nothing of articles or staff.
"""
