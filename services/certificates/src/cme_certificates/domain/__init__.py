"""The certificates domain: pure rules and state, no I/O."""
