"""Score: pure; the topic definition and the relevance score of an article record."""
