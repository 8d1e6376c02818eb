"""Agencies: find the bodies a directive names (mentions.py, over the gazetteer compiled in
gazetteer.py), and decide which ones it assigns, as lead or as support (roles.py). Cue words
are data (cues.py loads data/agency_cues.json and data/predicate_starts.txt)."""

from .gazetteer import Gazetteer, gazetteer
from .mentions import DocumentContext, Mention, document_context, find_mentions
from .roles import assign_roles, clause_boundaries, settle_level_groups

__all__ = ["DocumentContext", "Gazetteer", "Mention", "assign_roles", "clause_boundaries", "document_context",
           "find_mentions", "gazetteer", "settle_level_groups"]
