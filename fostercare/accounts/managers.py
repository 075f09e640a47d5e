from django.contrib.auth.base_user import BaseUserManager


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        from fostercare.accounts.models import Role

        fields.setdefault("role", Role.ADMIN)
        fields.update(is_staff=True, is_superuser=True)
        if isinstance(fields.get("municipality"), int | str):
            fields["municipality_id"] = fields.pop("municipality")
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, username: str):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})
