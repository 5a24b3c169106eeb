"""The planning desk's admin pages: ``desk`` reads (the budget, its CSV, the
calendar, the 选题会), ``steps`` hands forms to the verbs."""
