"""One writer per source format. Each writes a file the way the real export looks and returns the
ground truth for every record it wrote."""
