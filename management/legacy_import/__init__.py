"""Import the legacy CSV exports (questions, answers, photos): COPY into staging, validate in SQL, move."""
