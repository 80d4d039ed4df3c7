"""HTTP API of the attendance service."""

from fastapi import APIRouter

router = APIRouter(prefix="/api/attendance", tags=["attendance"])
