"""File formats that inference and training both use (inference never imports training)."""
