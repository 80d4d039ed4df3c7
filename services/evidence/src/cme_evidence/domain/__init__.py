"""The evidence domain: pure rules and state, no I/O."""
