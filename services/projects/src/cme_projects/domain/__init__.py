"""The projects domain: pure rules and state, no I/O."""
