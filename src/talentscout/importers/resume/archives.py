"""Zip containers (DOCX files, uploaded .zip folders) checked before anything is decompressed.

A zip bomb is a small file whose members claim gigabytes. CPython's ``zipfile`` never inflates more
than the size a member declares, so refusing archives whose *declared* total size or compression ratio
is absurd, and reading members with a byte cap, keeps memory bounded whatever the archive says.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from talentscout.domain.records import ImportFileError

MB = 1024 * 1024
#: members smaller than this may compress as well as they like (tiny XML parts compress 50:1)
RATIO_FLOOR_BYTES = 1 * MB


@dataclass(frozen=True)
class ZipLimits:
    """What a zip container may expand to."""

    max_total_bytes: int
    max_ratio: float = 100.0
    max_entries: int = 10_000


def human_size(size: int) -> str:
    """1536 -> "1.5 KB", 52428800 -> "50.0 MB"."""
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{int(value)} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"


def open_checked_zip(
    data: bytes | io.BufferedIOBase, name: str, limits: ZipLimits, *, kind: str
) -> zipfile.ZipFile:
    """Open ``data`` as a zip after checking entry count, declared total size and compression ratios."""
    stream = io.BytesIO(data) if isinstance(data, bytes) else data
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise ImportFileError(name, f"not a valid {kind} (the zip container cannot be read)") from error
    try:
        check_zip(archive, name, limits)
    except ImportFileError:
        archive.close()
        raise
    return archive


def check_zip(archive: zipfile.ZipFile, name: str, limits: ZipLimits) -> None:
    members = archive.infolist()
    if len(members) > limits.max_entries:
        raise ImportFileError(
            name, f"refused: {len(members)} files in the archive (limit {limits.max_entries})"
        )
    total = sum(member.file_size for member in members)
    if total > limits.max_total_bytes:
        raise ImportFileError(
            name,
            f"refused: it would expand to {human_size(total)} (limit {human_size(limits.max_total_bytes)}); "
            "this looks like a zip bomb",
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR_BYTES and ratio > limits.max_ratio:
            raise ImportFileError(
                name,
                f"refused: {member.filename} expands {ratio:.0f}:1 to {human_size(member.file_size)} "
                f"(limit {limits.max_ratio:.0f}:1); this looks like a zip bomb",
            )


def read_member(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, *, max_bytes: int, max_ratio: float
) -> bytes:
    """A member's bytes, never more than ``max_bytes`` + 1 whatever its header claims."""
    if member.flag_bits & 0x1:
        raise ImportFileError(member.filename, "the file is password-protected inside the zip")
    ratio = member.file_size / max(member.compress_size, 1)
    if member.file_size > RATIO_FLOOR_BYTES and ratio > max_ratio:
        raise ImportFileError(
            member.filename,
            f"refused: expands {ratio:.0f}:1 (limit {max_ratio:.0f}:1); looks like a zip bomb",
        )
    if member.file_size > max_bytes:
        raise ImportFileError(
            member.filename, f"file is {human_size(member.file_size)}, over the {human_size(max_bytes)} limit"
        )
    try:
        with archive.open(member) as handle:
            data = handle.read(max_bytes + 1)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
        raise ImportFileError(member.filename, f"cannot be read from the zip ({error})") from error
    if len(data) > max_bytes:
        raise ImportFileError(member.filename, f"file is over the {human_size(max_bytes)} limit")
    return data
