"""HTTP API of the credits service."""

from fastapi import APIRouter

router = APIRouter(prefix="/api/credits", tags=["credits"])
