"""The JSON API (django-ninja): every action of the pages, for programs."""
