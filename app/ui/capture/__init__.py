"""Capture in the window: File → Capture article… finds an article's drafts off the window's
thread (`start`), the review shows them beside the article for the user to keep, correct,
merge or leave out (`review`), and the kept ones are written as one undo step (`command`)."""
