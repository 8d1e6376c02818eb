"""Running the parser over many documents: discovery of inputs, the one per-document worker
contract (:func:`process_document` → :class:`DocumentResult`), and the executors that run it
(:class:`LocalExecutor`, a process pool on this machine). ``batch`` and ``nightly`` are built
on these and never start processes themselves."""

from .contract import DocumentJob, DocumentResult, hash_source, process_document, read_source
from .discovery import Entry, FileProblem, discover, output_names, walk
from .executors import Executor, LocalExecutor
from .outputs import write_atomic

__all__ = ["DocumentJob", "DocumentResult", "Entry", "Executor", "FileProblem", "LocalExecutor", "discover",
           "hash_source", "output_names", "process_document", "read_source", "walk", "write_atomic"]
