"""One section of the catalogue: what asyncio-lint knows about a library (or a part of the
standard library), as data. ``analysis/catalogue.py`` merges every section into the tables the
analyses read; ``docs/catalogue.md`` is generated from the same sections.

Names are the ones the resolver produces through the user's imports: the public import path of
a function or class (``sqlalchemy.orm.Session``), or for the resource trees of SDK clients the
access path from the client (``openai.OpenAI.chat.completions``). ``aliases`` maps the other import
paths of the same object to that name (longest matching prefix: ``sqlalchemy.orm.session.Session``
-> ``sqlalchemy.orm.Session``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from asyncio_lint.analysis.data.blocking import Blocking, ClassWide
from asyncio_lint.analysis.data.cpu import CpuBound


@dataclass(frozen=True)
class Library:
    name: str                 # as users know it: "boto3 / botocore", "Python: files and archives"
    checked: str              # the releases whose source the entries were read from
    calls: Mapping[str, Blocking] = field(default_factory=dict)       # function or Class.method
    classes: Mapping[str, ClassWide] = field(default_factory=dict)    # every public method blocks
    # `for x in obj` / a comprehension / list(obj) over an instance of the class, or over what
    # the function returns (a lazy cursor, a pager, a generator), blocks.
    iteration: Mapping[str, Blocking] = field(default_factory=dict)
    enter: Mapping[str, Blocking] = field(default_factory=dict)       # `with obj:` blocks
    cpu: Mapping[str, CpuBound] = field(default_factory=dict)         # AIO201
    # types: what calls return, what attributes hold (``Class.*``: any attribute that is not a
    # method; ``Class.__getitem__``: a subscript; ``Class.__call__``: calling an instance)
    returns: Mapping[str, str] = field(default_factory=dict)
    attributes: Mapping[str, str] = field(default_factory=dict)
    aliases: Mapping[str, str] = field(default_factory=dict)
    module_instances: Mapping[str, str] = field(default_factory=dict)  # module attributes that are objects
    # a factory whose result is unknown when one of these keywords is passed
    returns_unless: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # methods that look like I/O but are not (documented, tested as near misses)
    not_blocking: tuple[str, ...] = ()
    async_alternatives: str = ""  # what to use instead, for the docs
