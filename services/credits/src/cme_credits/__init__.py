"""Credits service: the credit ledger, multi-level review, self-entered credits, compliance (学分)."""
