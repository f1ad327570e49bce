"""Readers: one per input format. Each turns a file's decoded source into the text segmentation
reads, an offset map back into the source, outline marks taken from the markup, and a title."""
