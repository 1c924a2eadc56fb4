"""Areas: named sets of venues a site admin defines (``areas``), fills (``members``) and gives officers to read
(``officers``). Who may change or read them is ``venues.permissions``."""
