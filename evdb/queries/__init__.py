"""Saved queries and ad-hoc SQL.

- ``catalog``: find ``queries/*.sql`` (user folders first), read the TOML header -> ``SavedQuery``
- ``params``: coerce ``-p key=value`` text by declared type (dates also relative) -> bound values
- ``check``: static checks with sqlglot (+ a bind on an empty schema DB) -> ``Problem`` at file:line:col
- ``guard``: the read-only guard of ``evdb sql`` (statement kinds, file reads, dialect transpiling)
- ``run``: execute on a read-only connection -> ``QueryResult`` (rendered by ``evdb.render``)
"""
