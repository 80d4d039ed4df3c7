"""Certificates service: electronic certificates anyone can query and verify (电子学分证书)."""
