"""Figure builders, one module per view: data in, plotly Figure out, labels from the translator."""
