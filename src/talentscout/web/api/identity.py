"""JSON API for identity resolution."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
