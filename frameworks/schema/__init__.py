"""The framework file format (SCHEMA.md): `loader` reads the YAML safely and boundedly,
`checks` applies every rule of the format and the database, `problems` says what is wrong where.
"""

from .checks import FORMAT, KEY_RE, parse_framework
from .loader import MAX_BYTES, MAX_DEPTH, load_yaml
from .problems import Problem

__all__ = ["FORMAT", "KEY_RE", "MAX_BYTES", "MAX_DEPTH", "Problem", "load_yaml", "parse_framework"]
