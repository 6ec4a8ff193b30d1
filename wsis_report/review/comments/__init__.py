"""What comes back from reviewers: a copy's comments, replies and tracked changes, led back
to their paragraphs and cells, and gathered into the comments matrix."""
