date 2035-12-20 + 15 working days
