import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from annotations.roles import CHIEF_EDITORS


class Command(BaseCommand):
    help = "Create a superuser with a generated password (printed once). Does nothing if the user exists."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--email", default="")

    def handle(self, *args, username, email, **options):
        users = get_user_model()
        if users.objects.filter(username=username).exists():
            self.stdout.write(
                f"The admin account “{username}” already exists; its password is unchanged "
                f"(python manage.py changepassword {username} sets a new one)."
            )
            return
        password = secrets.token_urlsafe(12)
        user = users.objects.create_superuser(username=username, email=email, password=password)
        user.groups.add(*Group.objects.filter(name=CHIEF_EDITORS))
        self.stdout.write(self.style.SUCCESS(f"Created the admin account “{username}” with the password: {password}"))
        self.stdout.write("It is shown only this once: note it now.")
