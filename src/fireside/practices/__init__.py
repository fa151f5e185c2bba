"""The practice catalogue: P01–P36 as data, credited to each expert, searchable."""

from fireside.practices.catalogue import Catalogue, load_catalogue, normalise_id
from fireside.practices.model import Expert, Practice, Reading
from fireside.practices.search import Hit, search

__all__ = [
    "Catalogue",
    "Expert",
    "Hit",
    "Practice",
    "Reading",
    "load_catalogue",
    "normalise_id",
    "search",
]
