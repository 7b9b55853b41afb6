"""Building blocks of :func:`taskzoo.train`: data coercion and splits, the model-directory format,
and one module per training method (``fasttext``, ``head``, ``lora``). Import cost is nil: each
method imports its ML libraries inside its functions."""
