"""Data and media: pandas readers and writers, Pillow, third-party compression (AIO201)."""

from __future__ import annotations

from asyncio_lint.analysis.data.blocking import Blocking, each, methods, returning
from asyncio_lint.analysis.data.cpu import CpuBound
from asyncio_lint.analysis.data.library import Library

_PANDAS = "`await asyncio.to_thread(...)`"
_FILE = "`await asyncio.to_thread(...)` (or an async file library such as aiofiles)"
_MEMORY = ("in-memory-file",)
_READERS = ("read_csv read_table read_fwf read_json read_excel read_parquet read_feather read_orc read_pickle "
            "read_hdf read_stata read_sas read_spss read_xml read_html")

PANDAS = Library(
    name="pandas",
    checked="pandas 3.1.1",
    calls={
        # a URL makes them HTTP, an io.StringIO / BytesIO makes them in-memory work
        **each("file", _READERS, _PANDAS, prefix="pandas.", safe_when=_MEMORY),
        **each("database", "read_sql read_sql_query read_sql_table", _PANDAS, prefix="pandas."),
        **{f"pandas.{cls}.{m}": Blocking("file", _PANDAS) for cls in ("DataFrame", "Series") for m in ("to_pickle", "to_hdf")},
        **methods("pandas.DataFrame", "file", "to_excel to_feather to_stata", _PANDAS),
        **{f"pandas.{cls}.to_sql": Blocking("database", _PANDAS) for cls in ("DataFrame", "Series")},
        # with no path, these return the data instead of writing it
        **{f"pandas.DataFrame.{m}": Blocking("file", _PANDAS, unless=(kw, 0, (None,)), only_if=(kw, 0),
                                             safe_when=_MEMORY) for m, kw in (
            ("to_csv", "path_or_buf"), ("to_json", "path_or_buf"), ("to_parquet", "path"), ("to_xml", "path_or_buffer"),
            ("to_html", "buf"), ("to_markdown", "buf"), ("to_latex", "buf"), ("to_orc", "path"), ("to_string", "buf"))},
        **{f"pandas.Series.{m}": Blocking("file", _PANDAS, unless=("path_or_buf", 0, (None,)),
                                          only_if=("path_or_buf", 0), safe_when=_MEMORY) for m in ("to_csv", "to_json")},
    },
    returns={f"pandas.{m}": "pandas.DataFrame" for m in (_READERS + " read_sql read_sql_query read_sql_table "
                                                         "DataFrame").split()},
    aliases={"pandas.core.frame.DataFrame": "pandas.DataFrame", "pandas.core.series.Series": "pandas.Series",
             "pandas.io.parsers.readers.read_csv": "pandas.read_csv"},
    not_blocking=("pandas.DataFrame.to_dict", "pandas.DataFrame.merge"),
    async_alternatives="`await asyncio.to_thread(pd.read_csv, path)`",
)

_IMAGE_OPS = "resize thumbnail reduce rotate transform transpose convert quantize filter"
PILLOW = Library(
    name="Pillow",
    checked="Pillow 13.0.0 (src/PIL/Image.py, ImageOps.py; libImaging releases the GIL in its loops)",
    calls={
        # open() reads the header (the pixels on load()); save() encodes and writes
        "PIL.Image.open": Blocking("file", _FILE, safe_when=_MEMORY),
        "PIL.Image.Image.save": Blocking("file", _FILE, safe_when=_MEMORY),
    },
    cpu={
        **{f"PIL.Image.Image.{m}": CpuBound("image processing") for m in _IMAGE_OPS.split()},
        **{f"PIL.ImageOps.{m}": CpuBound("image processing") for m in (
            "fit contain cover pad scale exif_transpose equalize autocontrast".split())},
    },
    returns={
        **{f"PIL.Image.{m}": "PIL.Image.Image" for m in ("open", "new", "frombytes", "fromarray")},
        **returning("PIL.Image.Image", "PIL.Image.Image", "resize convert rotate transpose crop copy filter reduce "
                    "quantize transform point"),
        **{f"PIL.ImageOps.{m}": "PIL.Image.Image" for m in (
            "fit contain cover pad exif_transpose grayscale invert mirror flip autocontrast equalize expand scale "
            "posterize solarize".split())},
    },
    not_blocking=("PIL.Image.Image.size", "PIL.Image.Image.getexif", "PIL.Image.Image.crop"),
    async_alternatives="`await asyncio.to_thread(image.resize, size)` (Pillow releases the GIL)",
)

COMPRESSION = Library(
    name="zstandard, brotli (AIO201)",
    checked="zstandard 0.25.0, brotli 1.2.1 (both release the GIL while they work)",
    cpu={
        **{name: CpuBound("compression") for name in (
            "zstandard.compress", "zstandard.decompress", "zstandard.ZstdCompressor.compress",
            "zstandard.ZstdDecompressor.decompress", "compression.zstd.compress", "compression.zstd.decompress",
            "brotli.compress", "brotli.decompress")},
    },
    returns={"zstandard.ZstdCompressor": "zstandard.ZstdCompressor",
             "zstandard.ZstdDecompressor": "zstandard.ZstdDecompressor"},
    not_blocking=("zlib.crc32", "hashlib.sha256"),
    async_alternatives="`await asyncio.to_thread(zstandard.compress, data)`",
)

LIBRARIES = (PANDAS, PILLOW, COMPRESSION)
