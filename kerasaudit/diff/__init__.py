"""``kerasaudit diff``: how the models change between two git revisions (for code review)."""
