"""What a built document carries of its sources: the facts with the cell of every value,
the paragraph map, and the custom XML part that holds them."""
