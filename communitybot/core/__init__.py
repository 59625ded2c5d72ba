"""Pure domain rules: money, ids, entities, errors. Standard library only."""
