"""What the user's verbs do across layers, with no Qt: import (detect, read, match, write),
export, first start and where the library lives, desktop integration."""
