"""Template tags of the public site (``article_tags``) and the admin's desk
(``editorial_desk``)."""
