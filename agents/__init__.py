"""Khabar's Faust wiring: the app, its topics, tables and agents. No NLP here."""
