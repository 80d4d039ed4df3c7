"""Evidence service: the files behind every claim, in object storage (证明材料)."""
