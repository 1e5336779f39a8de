from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def evaluation_list(request):
    return render(request, "cases/evaluation_list.html", {})
