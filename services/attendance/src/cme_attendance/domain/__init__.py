"""The attendance domain: pure rules and state, no I/O."""
