"""Every error triagedesk raises on purpose; messages say what was wrong and how to fix it."""


class TriagedeskError(Exception):
    """Base of all project errors; the CLI prints these without a traceback."""


class PolicyError(TriagedeskError):
    """The policy file is invalid: names the file, the key and what was expected."""


class PipelineError(TriagedeskError):
    """The analyzer chain cannot be built (unknown analyzer, missing requirement)."""


class ModelError(TriagedeskError):
    """A model file is missing, corrupt or from an incompatible version."""


class InputDataError(TriagedeskError):
    """A user-supplied file cannot be read: missing, wrong column, empty, not UTF-8."""


class ConfigError(TriagedeskError):
    """A setting from the environment is missing, malformed or unsafe."""


class TransitionError(TriagedeskError):
    """A ticket cannot move from its status to the one asked for."""
