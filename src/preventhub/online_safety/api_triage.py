from ninja import Router

router = Router(tags=["online safety"])
reports_router = Router(tags=["online safety"])
