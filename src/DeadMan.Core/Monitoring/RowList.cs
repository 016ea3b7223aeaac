using System.Collections;

namespace DeadMan.Core.Monitoring;

/// <summary>
/// A snapshot's rows, in blocks small enough to stay out of the large-object heap: 10,000 rows in one array are
/// 160 KB, and a new one ten times a second drove the garbage collector through full collections (measured).
/// </summary>
internal sealed class RowList : IReadOnlyList<MonitorRow>
{
    private const int BlockSize = 4096;

    private readonly MonitorRow[][] _blocks;

    private RowList(MonitorRow[][] blocks, int count)
    {
        _blocks = blocks;
        Count = count;
    }

    public int Count { get; }

    public MonitorRow this[int index] => (uint)index < (uint)Count
        ? _blocks[index / BlockSize][index % BlockSize]
        : throw new ArgumentOutOfRangeException(nameof(index));

    public static RowList Build(int count, Func<int, MonitorRow> row)
    {
        var blocks = new MonitorRow[(count + BlockSize - 1) / BlockSize][];
        for (int b = 0; b < blocks.Length; b++)
        {
            var block = new MonitorRow[Math.Min(BlockSize, count - (b * BlockSize))];
            for (int i = 0; i < block.Length; i++)
            {
                block[i] = row((b * BlockSize) + i);
            }

            blocks[b] = block;
        }

        return new RowList(blocks, count);
    }

    public IEnumerator<MonitorRow> GetEnumerator()
    {
        foreach (MonitorRow[] block in _blocks)
        {
            foreach (MonitorRow row in block)
            {
                yield return row;
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
