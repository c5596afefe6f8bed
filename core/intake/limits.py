"""The limits one upload must stay within, checked while the file is read (issue 15).

One place for every limit: the upload box (``file_uploader(max_upload_size=MAX_UPLOAD_MB)``) and
``server.maxUploadSize`` in .streamlit/config.toml use MAX_UPLOAD_MB (tests/test_hostile_intake.py
checks they agree); intake refuses more than MAX_BYTES, which is the same 50 MB counted the way the
Streamlit server counts it (MB of 1,048,576 bytes). With these limits no single upload keeps the
server busy for more than a few seconds or takes more than a few hundred MB.
"""
from __future__ import annotations

MAX_UPLOAD_MB = 50
MAX_BYTES = MAX_UPLOAD_MB * 1024 * 1024          # 52,428,800 bytes
MAX_CELLS = 2_500_000                            # cells of the sheet read (500,000 rows of five columns)
MAX_CELL_CHARS = 32_767                          # characters in one cell: Excel's own limit
MAX_COLUMNS = 16_384                             # columns of a text file: Excel's own (A to XFD)
MAX_INFLATED = 256 * 1024 * 1024                 # bytes of all the parts of an XLSX once decompressed
MAX_RATIO = 250                                  # decompressed / compressed size of one XLSX part over 10 MB
RATIO_FLOOR = 10 * 1024 * 1024                   # parts smaller than this are not held to MAX_RATIO
HEADER_WINDOW = 30                               # rows searched for the header (a title block above it)
MAX_PARTS = 10_000                               # files inside an XLSX
