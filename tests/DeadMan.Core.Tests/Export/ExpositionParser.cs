using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace DeadMan.Core.Tests.Export;

/// <summary>
/// A strict reader of Prometheus text exposition 0.0.4: every line must be a HELP, a TYPE or a sample; names and
/// label values must be well-formed and escaped; a family's TYPE comes before its samples and its samples are not
/// interleaved with another family's; no series twice; counters end in _total. Throws FormatException on the first
/// violation, with the line.
/// </summary>
public static partial class ExpositionParser
{
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    public static IReadOnlyList<Sample> Parse(string text)
    {
        if (!text.EndsWith('\n'))
        {
            throw new FormatException("exposition must end with a line feed");
        }

        var samples = new List<Sample>();
        var types = new Dictionary<string, string>();
        var helps = new HashSet<string>();
        var finished = new HashSet<string>();
        var series = new HashSet<string>();
        string? current = null;
        foreach (string line in text[..^1].Split('\n'))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal) || line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                string[] parts = line.Split(' ', 4);
                Require(parts.Length >= 3 && MetricName().IsMatch(parts[2]), line, "bad metric name");
                string family = parts[2];
                Require(!finished.Contains(family) || family == current, line, "family interleaved with another");
                if (parts[1] == "TYPE")
                {
                    Require(parts.Length == 4 && parts[3] is "counter" or "gauge" or "histogram" or "summary" or "untyped", line, "bad type");
                    Require(types.TryAdd(family, parts[3]), line, "second TYPE");
                    Require(parts[3] != "counter" || family.EndsWith("_total", StringComparison.Ordinal), line, "counter without _total");
                }
                else
                {
                    Require(helps.Add(family), line, "second HELP");
                }

                Switch(family);
                continue;
            }

            Require(!line.StartsWith('#') || line.StartsWith("# ", StringComparison.Ordinal), line, "bad comment");
            if (line.StartsWith('#') || line.Length == 0)
            {
                continue;
            }

            Sample sample = ReadSample(line);
            Require(types.ContainsKey(sample.Name), line, "sample before its TYPE");
            Switch(sample.Name);
            string key = sample.Name + "{" + string.Join(",", sample.Labels.OrderBy(l => l.Key).Select(l => l.Key + "=" + l.Value)) + "}";
            Require(series.Add(key), line, "series twice");
            samples.Add(sample);
        }

        return samples;

        void Switch(string family)
        {
            if (current != family)
            {
                if (current is not null)
                {
                    finished.Add(current);
                }

                Require(!finished.Contains(family), family, "family interleaved with another");
                current = family;
            }
        }
    }

    private static Sample ReadSample(string line)
    {
        Match name = MetricName().Match(line);
        Require(name.Success && name.Index == 0, line, "bad metric name");
        int i = name.Length;
        var labels = new Dictionary<string, string>();
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (line[i] != '}')
            {
                Match label = LabelName().Match(line, i);
                Require(label.Success && label.Index == i && line[i + label.Length] == '=' && line[i + label.Length + 1] == '"', line, "bad label");
                i += label.Length + 2;
                var value = new StringBuilder();
                while (line[i] != '"')
                {
                    if (line[i] == '\\')
                    {
                        i++;
                        value.Append(line[i] switch { '\\' => '\\', '"' => '"', 'n' => '\n', _ => throw new FormatException($"bad escape in: {line}") });
                    }
                    else
                    {
                        Require(line[i] != '\n', line, "raw line feed in label");
                        value.Append(line[i]);
                    }

                    i++;
                }

                i++;
                Require(labels.TryAdd(label.Value, value.ToString()), line, "label twice");
                if (line[i] == ',')
                {
                    i++;
                }
            }

            i++;
        }

        Require(i < line.Length && line[i] == ' ', line, "no space before value");
        string[] rest = line[(i + 1)..].Split(' ');
        Require(rest.Length is 1 or 2, line, "bad value");
        double value2 = rest[0] switch
        {
            "NaN" => double.NaN,
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            string number when double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) => v,
            _ => throw new FormatException($"bad value in: {line}"),
        };
        return new Sample(name.Value, labels, value2);
    }

    private static void Require(bool condition, string line, string problem)
    {
        if (!condition)
        {
            throw new FormatException($"{problem}: {line}");
        }
    }

    [GeneratedRegex("[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex MetricName();

    [GeneratedRegex("[a-zA-Z_][a-zA-Z0-9_]*")]
    private static partial Regex LabelName();
}
