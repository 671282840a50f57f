"""The player page: pacer, body map, countdowns and the sound controls."""
