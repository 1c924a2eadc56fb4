"""OpenActive open data: listed activities and bookable spaces as RPDE feeds of Modelling Opportunity Data 2.0.

``feeds`` names the four feeds and what an item is; ``sessions`` builds a listing's SessionSeries and
ScheduledSessions, ``facilities`` a space's FacilityUse and ``slots`` its bookable slots, from the
tables; ``places`` the venue's Place and Organization they share; ``activity_list`` reads the
OpenActive Activity List. ``owners`` turns the marks writers left into what to recompute,
``stamping`` recomputes it and numbers what changed (the one place change numbers are given),
``rolling`` moves the feeds on as time passes, ``pages`` reads a feed page by change number.
"""
