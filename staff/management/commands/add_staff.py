from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from staff.models import Department, Reporter
from staff.roles import ROLES_BY_KEY


class Command(BaseCommand):
    help = "Create a staff login with its reporter profile and editorial group."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=sorted(ROLES_BY_KEY))
        parser.add_argument("--name", help="Name as printed in bylines, e.g. 鲁慧.")
        parser.add_argument("--department", help="Slug of the person's desk.")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password",
            help="Initial password. Without it the login cannot sign in until "
            "a password is set (manage.py changepassword).",
        )

    def handle(
        self, *args, username, role, name, department, email, password, **options
    ):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A login named {username!r} already exists.")
        desk = None
        if department:
            desk = Department.objects.filter(slug=department).first()
            if desk is None:
                known = (
                    ", ".join(Department.objects.values_list("slug", flat=True))
                    or "none yet"
                )
                raise CommandError(
                    f"No department with slug {department!r}. Known: {known}."
                )
        declared = ROLES_BY_KEY[role]
        try:
            group = Group.objects.get(name=declared.group)
        except Group.DoesNotExist as exc:
            raise CommandError(
                f"The group {declared.group!r} is missing; run migrate first."
            ) from exc
        user = User(username=username, email=email, is_staff=True)
        if password:
            try:
                validate_password(password, user)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
            user.set_password(password)
        else:
            user.set_unusable_password()

        with transaction.atomic():
            user.save()
            user.groups.add(group)
            reporter = Reporter.objects.create(
                name=name or username,
                title=declared.title,
                department=desk,
                user=user,
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {role} {username!r} ({reporter}, {desk or 'no department'})."
            )
        )
