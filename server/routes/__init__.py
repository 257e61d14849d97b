"""HTTP routes, one small router per area. A new area adds its router to ROUTERS."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from server.routes import (
    admin,
    assessments,
    auth,
    campaign_follow,
    campaigns,
    organizations,
    prescription,
    root,
    student,
    users,
)

ROUTERS: list[APIRouter] = [
    root.router,
    auth.router,
    users.router,
    prescription.router,
    organizations.router,
    campaigns.router,
    campaign_follow.router,
    student.router,
    assessments.router,
    admin.router,
]


def include_routers(app: FastAPI) -> None:
    for router in ROUTERS:
        app.include_router(router)
