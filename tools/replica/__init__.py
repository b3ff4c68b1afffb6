"""The generator of the hand-made replica (bladiscrape/replica/site/), from its content."""
