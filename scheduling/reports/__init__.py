"""What a venue, a group or an area gave: use, sessions, activities, groups, attendance and free hours.

Every figure is an SQL aggregate over indexed columns (``booking_venue_starts``, ``session_record``), never a
Python loop over bookings; the few things SQL cannot do on both engines alike (a local hour of day) are done on
aggregated UTC buckets (``use``). ``figures`` holds the shapes, ``period`` and ``scope`` say what is counted,
``build`` puts a report together with its two comparisons.
"""
