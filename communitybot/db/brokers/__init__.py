"""Brokers: all SQL of one aggregate per module. ``get_`` raises when missing, ``find_`` returns
None, ``lock_`` takes ``FOR UPDATE``, ``list_`` pages. The session is the first positional
parameter; brokers never commit."""
