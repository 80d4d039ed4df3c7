"""Projects service: what a CME project is and whether a session of it may be held."""
