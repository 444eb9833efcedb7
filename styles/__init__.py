"""Application stylesheets (*.tcss), shipped as package data."""
