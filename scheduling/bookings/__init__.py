"""One booking's life: making it, the rules it must meet, its statuses, changes, who may act, lists, history."""
