from ninja import Router

router = Router(tags=["online safety"])
