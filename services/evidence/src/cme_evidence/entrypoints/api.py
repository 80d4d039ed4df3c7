"""HTTP API of the evidence service."""

from fastapi import APIRouter

router = APIRouter(prefix="/api/evidence", tags=["evidence"])
