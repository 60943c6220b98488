"""Link: copied passages, stories, stance."""
