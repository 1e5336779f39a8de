from django.utils.functional import SimpleLazyObject

from accounts.access import organisations
from accounts.models import CHAIRS


def chair(request):
    """Whether the user chairs in some organisation (for the access-log link); asked only when
    a template uses it."""

    def is_chair():
        user = request.user
        return user.is_authenticated and organisations(user, CHAIRS).exists()

    return {"is_chair": SimpleLazyObject(is_chair)}
