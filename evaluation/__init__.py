"""Evaluations of answer quality on the real news in ../shared/data."""
