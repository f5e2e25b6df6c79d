from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .forms import ProfileForm
from .services import AccountError, profile_update


@login_required
def profile(request):
    form = ProfileForm(
        request.POST or None,
        user=request.user,
        initial={"display_name": request.user.display_name},
    )
    if request.method == "POST" and form.is_valid():
        try:
            profile_update(user=request.user, display_name=form.cleaned_data["display_name"])
        except AccountError as error:
            form.add_error("display_name", str(error))
        else:
            messages.success(request, _("Your profile was saved."))
            return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})
