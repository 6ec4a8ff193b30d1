"""LibreOffice, the real office program: ``convert`` runs it headless; ``uno_script`` runs
inside LibreOffice's own Python to bring fields up to date before an export."""
