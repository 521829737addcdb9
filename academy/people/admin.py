from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from academy.people.models import Organisation, Person, RoleAssignment, Team, User

admin.site.register(User, UserAdmin)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "hosts_academy", "active")
    list_filter = ("kind", "active")
    search_fields = ("name",)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "service_area", "active")
    list_filter = ("organisation", "service_area", "active")
    search_fields = ("name", "service_area")
    list_select_related = ("organisation",)


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ("team", "organisation")


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = (
        "last_name",
        "first_name",
        "work_email",
        "organisation",
        "team",
        "pcf_level",
        "active",
    )
    list_filter = ("active", "pcf_level", "organisation")
    search_fields = ("first_name", "last_name", "work_email", "swe_number", "hcpc_number")
    list_select_related = ("organisation", "team")
    autocomplete_fields = ("user", "team", "organisation")
    inlines = [RoleAssignmentInline]
