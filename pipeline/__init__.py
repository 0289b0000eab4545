"""Khabar's pure core: normalize, extract and deduplicate Persian news stories."""

__version__ = "0.1.0"
