"""Zip files whose bytes depend only on what they hold: the package's .zip, and the .docx files
python-docx saves (it stamps every entry with the current time)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

ZIP_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)  # the oldest time a zip entry can hold


def write_zip(files: dict[str, bytes], epoch: int) -> bytes:
    """A zip whose bytes depend only on ``files``: sorted, fixed times and permissions."""
    moment = dt.datetime.fromtimestamp(epoch, dt.UTC).timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=moment)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever machine made it
            archive.writestr(info, files[name], compresslevel=9)
    return buffer.getvalue()


def deterministic_zip_copy(data: bytes, epoch: int = 0) -> bytes:
    """The same zip (a .docx saved by python-docx) with fixed times and order."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        files = {info.filename: source.read(info) for info in source.infolist()}
    return write_zip(files, max(epoch, int(ZIP_EPOCH.timestamp())))
