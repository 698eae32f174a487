"""Demo data: an agent, households and proposals in every state, for `propono --demo`.

Owns `data` (the demo database) and `proposals` (demo proposals taken through the real use
cases). Depends on every other package; none depends on it.
"""
