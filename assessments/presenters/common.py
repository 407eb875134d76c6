"""Formatting that every page of the app shares."""

from django.core.paginator import Page


def pagination(request, page: Page) -> dict | None:
    """Parameters for the NHS.UK pagination component, keeping the search in the links."""
    if page.paginator.num_pages <= 1:
        return None

    def href(number: int) -> str:
        query = request.GET.copy()
        query["page"] = number
        return "?" + query.urlencode()

    items = []
    for number in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1):
        if number == page.paginator.ELLIPSIS:
            items.append({"ellipsis": True})
        else:
            items.append({"number": number, "href": href(number), "current": number == page.number})
    return {
        "previous": {"href": href(page.previous_page_number())} if page.has_previous() else {},
        "next": {"href": href(page.next_page_number())} if page.has_next() else {},
        "items": items,
    }
