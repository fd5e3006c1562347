"""Seeding the Q&A tables with generated data (`manage.py seed`)."""
