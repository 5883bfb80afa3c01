"""TalentScout: find, engage and hire passive candidates."""

__version__ = "0.1.0"
