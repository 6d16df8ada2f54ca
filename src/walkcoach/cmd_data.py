"""Commands that keep data safe and portable: export, import, backup, doctor."""
