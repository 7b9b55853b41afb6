"""Backend adapters: one small module per library. See :class:`taskzoo.backends.base.Backend`."""
