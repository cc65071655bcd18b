// Matching: the match engine lands with its issue.
