"""HTTP API of the certificates service."""

from fastapi import APIRouter

router = APIRouter(prefix="/api/certificates", tags=["certificates"])
