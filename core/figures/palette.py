"""Colours shared by every figure (colour-blind safe: Okabe–Ito), so views look alike."""

PRIMARY = "#0F766E"      # teal: the product's accent (matches .streamlit/config.toml)
EXPECTATION = "#0072B2"  # blue
PERCEPTION = "#E69F00"   # orange
DESIGN = "#009E73"       # green
CURRENT = "#D55E00"      # vermillion: the current process
PROPOSED = "#0072B2"     # blue: the proposed process
OK = "#009E73"           # meets its target
WARN = "#E69F00"         # close to the target
BAD = "#D55E00"          # misses its target
NEUTRAL = "#64748B"      # slate: reference lines, targets
SEQUENCE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
