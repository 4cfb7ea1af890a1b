namespace KpiPlanner.Infrastructure.Import;

/// <summary>
/// What a facts import file may hold, so that a hostile file costs what an honest one of the same size costs: each limit
/// is checked while the file streams, before anything of that size is allocated, and a file beyond one is refused as a
/// whole with the limit named (<see cref="ImportLimitException"/>). An honest file — a month of a 20 000-person
/// company with 10 KPIs, written by Excel, LibreOffice or our template — stays far below every one of them.
/// </summary>
public static class ImportLimits
{
    /// <summary>The largest upload: 32 MiB (the facts API's JSON limit too). A 200 000-row workbook is about 8 MB, as CSV about 14 MB.</summary>
    public const long MaxFileBytes = 32L * 1024 * 1024;

    /// <summary>
    /// Rows of a file, counting every row — blank ones included — but the header: 200 000 (a month of a 20 000-person
    /// company with 10 KPIs).
    /// </summary>
    public const int MaxRows = 200_000;

    /// <summary>Columns a value may stand in: A to IV (a facts file has six).</summary>
    public const int MaxColumns = 256;

    /// <summary>Cells of one row, empty ones included: as many as Excel has columns (A to XFD).</summary>
    public const int MaxCellsPerRow = 16_384;

    /// <summary>Characters of one text: what an Excel cell holds at most.</summary>
    public const int MaxTextLength = 32_767;

    /// <summary>Distinct texts of a workbook's shared string table.</summary>
    public const int MaxSharedStrings = 2_000_000;

    /// <summary>Bytes of one CSV line (64 KiB; a facts line is under 200).</summary>
    public const int MaxLineBytes = 64 * 1024;

    /// <summary>A workbook's XML, unpacked, at most: 256 MiB (a 200 000-row sheet is about 60 MB) …</summary>
    public const long MaxUnpackedBytes = 256L * 1024 * 1024;

    /// <summary>… and at most this many times the packed file, beyond <see cref="MinUnpackedBytes"/> (Excel packs sheets about 10:1).</summary>
    public const int MaxUnpackRatio = 100;

    /// <summary>What any workbook may unpack to, whatever its packed size.</summary>
    public const long MinUnpackedBytes = 16L * 1024 * 1024;

    /// <summary>How much XML a workbook of <paramref name="packedBytes"/> may unpack to.</summary>
    public static long UnpackedBytesFor(long packedBytes) =>
        Math.Clamp(packedBytes * MaxUnpackRatio, MinUnpackedBytes, MaxUnpackedBytes);
}

/// <summary>Which limit of <see cref="ImportLimits"/> a file went beyond.</summary>
public enum ImportLimit
{
    FileSize,
    Unpacked,
    Rows,
    Columns,
    CellsPerRow,
    TextLength,
    SharedStrings,
    LineLength,
}

/// <summary>A file beyond one of <see cref="ImportLimits"/>: <see cref="Max"/> is the limit, <see cref="Row"/> the row where it showed (0 = the file).</summary>
public sealed class ImportLimitException(ImportLimit limit, long max, int row = 0)
    : Exception($"The file goes beyond the import limit {limit} ({max}){(row > 0 ? $" at row {row}" : string.Empty)}.")
{
    public ImportLimit Limit { get; } = limit;

    public long Max { get; } = max;

    public int Row { get; } = row;
}

/// <summary>
/// A read-only view of a stream that refuses to give more than <paramref name="max"/> bytes in all (shared by the
/// parts of one workbook through <see cref="Budget"/>): the unpacked size is checked as it streams.
/// </summary>
internal sealed class LimitedReadStream(Stream inner, LimitedReadStream.Budget budget) : Stream
{
    /// <summary>Bytes left for every part of one file.</summary>
    public sealed class Budget(long max)
    {
        public long Max { get; } = max;

        public long Left { get; set; } = max;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        budget.Left -= read;
        if (budget.Left < 0)
        {
            throw new ImportLimitException(ImportLimit.Unpacked, budget.Max);
        }

        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
