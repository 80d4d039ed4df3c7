"""The credits domain: pure rules and state, no I/O."""
