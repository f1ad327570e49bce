"""One exception hierarchy. The CLI turns LegdiffError into "Error: ..." and exit status 2."""


class LegdiffError(Exception):
    """A problem with the user's input or request; the message says where and how to fix it."""


class InputError(LegdiffError):
    """A file could not be read as a document."""


class CaseError(LegdiffError):
    """A case manifest or a set of documents does not make a valid comparison."""
