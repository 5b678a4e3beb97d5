date 2011-06-01 + 1 working day
