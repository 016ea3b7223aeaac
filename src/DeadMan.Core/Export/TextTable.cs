using System.Text;
using DeadMan.Core.Text;

namespace DeadMan.Core.Export;

/// <summary>
/// Plain-text columns aligned by display width; a row of one cell is printed as it is (a separator line). Every cell is
/// made safe to print first: names, notes and reasons come from files, agents and relays.
/// </summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [headers];
    private readonly HashSet<int> _rightAligned = [];

    public TextTable AlignRight(params int[] columns)
    {
        _rightAligned.UnionWith(columns);
        return this;
    }

    public void Add(params string[] cells) => _rows.Add([.. cells.Select(SafeText.Line)]);

    public void WriteTo(TextWriter output)
    {
        int columns = headers.Length;
        int[] widths = new int[columns];
        foreach (string[] row in _rows.Where(r => r.Length == columns))
        {
            for (int i = 0; i < columns; i++)
            {
                widths[i] = Math.Max(widths[i], DisplayWidth.Of(row[i]));
            }
        }

        foreach (string[] row in _rows)
        {
            output.WriteLine(row.Length == columns ? Format(row, widths) : row[0]);
        }
    }

    private string Format(string[] row, int[] widths)
    {
        var line = new StringBuilder();
        for (int i = 0; i < row.Length; i++)
        {
            string pad = new(' ', widths[i] - DisplayWidth.Of(row[i]));
            line.Append(_rightAligned.Contains(i) ? pad + row[i] : row[i] + pad).Append("  ");
        }

        return line.ToString().TrimEnd();
    }
}
