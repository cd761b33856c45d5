"""Flavour-specific conveniences mixed into the generated classes.

Python syntax has no awaitable form of ``x[i] = v``, ``np.asarray(x)`` or a property setter, so
these few members cannot be written once in ``_async/`` and generated. ``async_.py`` and
``sync.py`` define the same class names; the code generator swaps the import, exactly as it does
for ``_backend``. This is the short, explicit override table for sync-only dunders.
"""
