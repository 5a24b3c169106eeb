"""``{% picture %}``: a stored image as a <picture> of its renditions."""
