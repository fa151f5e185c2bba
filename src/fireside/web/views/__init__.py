"""One module per page (datasette's shape); each route parses, calls one use-case, renders."""
