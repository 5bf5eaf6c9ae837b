"""UI helpers shared by the pages: messages, number formats, charts, the cached data layer."""
