"""The timeline's geometry in plain Python and numpy: scale, axis ticks, lanes, clusters and
hit testing. No Qt here, so all of it is tested without a display."""
