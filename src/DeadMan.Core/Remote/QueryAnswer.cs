using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace DeadMan.Core.Remote;

/// <summary>
/// Reads a query API answer (<c>{"status":…,"data":{"resultType":…,"result":[…]}}</c>) in one pass over its UTF-8
/// bytes, keeping only labels and values: a viewer reads tens of thousands of series a second, and building a JSON
/// tree and a dictionary per series took most of its time (measured). Label names are the same few strings every
/// time. Anything that is not such an answer is a <see cref="RemoteException"/>.
/// </summary>
internal static class QueryAnswer
{
    private static readonly string[] s_knownNames = ["__name__", "name", "address", "group", "kind", "vantage", "instance", "job", "host", "interface", "gauge"];

    public static List<(SeriesLabels Labels, List<(DateTimeOffset At, double Value)> Values)> Read(ReadOnlySpan<byte> body, string expected)
    {
        var series = new List<(SeriesLabels, List<(DateTimeOffset, double)>)>();
        string? status = null, error = null, type = null;
        try
        {
            var json = new Utf8JsonReader(body);
            Expect(ref json, JsonTokenType.StartObject);
            while (Next(ref json) == JsonTokenType.PropertyName)
            {
                if (json.ValueTextEquals("status"u8))
                {
                    status = String(ref json);
                }
                else if (json.ValueTextEquals("error"u8))
                {
                    error = String(ref json);
                }
                else if (json.ValueTextEquals("data"u8))
                {
                    Expect(ref json, JsonTokenType.StartObject);
                    while (Next(ref json) == JsonTokenType.PropertyName)
                    {
                        if (json.ValueTextEquals("resultType"u8))
                        {
                            type = String(ref json);
                        }
                        else if (json.ValueTextEquals("result"u8))
                        {
                            ReadResult(ref json, series);
                        }
                        else
                        {
                            Skip(ref json);
                        }
                    }
                }
                else
                {
                    Skip(ref json);
                }
            }
        }
        // Beyond malformed JSON: a timestamp out of DateTimeOffset's range, a number too large.
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or ArgumentException or OverflowException)
        {
            throw new RemoteException($"not a Prometheus query answer ({e.Message})");
        }

        if (status != "success")
        {
            throw status == "error"
                ? new RemoteException($"the query was refused: {error}")
                : new RemoteException("not a Prometheus query answer (no status)");
        }

        return type == expected ? series : throw new RemoteException($"expected a {expected}, got a {type}");
    }

    private static void ReadResult(ref Utf8JsonReader json, List<(SeriesLabels, List<(DateTimeOffset, double)>)> series)
    {
        Expect(ref json, JsonTokenType.StartArray);
        while (Next(ref json) == JsonTokenType.StartObject)
        {
            SeriesLabels labels = SeriesLabels.None;
            var values = new List<(DateTimeOffset, double)>(1);
            while (Next(ref json) == JsonTokenType.PropertyName)
            {
                if (json.ValueTextEquals("metric"u8))
                {
                    labels = ReadLabels(ref json);
                }
                else if (json.ValueTextEquals("value"u8))
                {
                    Expect(ref json, JsonTokenType.StartArray);
                    values.Add(ReadPoint(ref json));
                }
                else if (json.ValueTextEquals("values"u8))
                {
                    Expect(ref json, JsonTokenType.StartArray);
                    while (Next(ref json) == JsonTokenType.StartArray)
                    {
                        values.Add(ReadPoint(ref json));
                    }
                }
                else
                {
                    Skip(ref json);
                }
            }

            series.Add((labels, values));
        }
    }

    private static SeriesLabels ReadLabels(ref Utf8JsonReader json)
    {
        Expect(ref json, JsonTokenType.StartObject);
        var names = new List<string>(9);
        var values = new List<string>(9);
        while (Next(ref json) == JsonTokenType.PropertyName)
        {
            names.Add(Known(ref json) ?? json.GetString()!);
            values.Add(String(ref json));
        }

        return new SeriesLabels([.. names], [.. values]);
    }

    // A label name this reader uses, as the one string kept for it; null for any other name.
    private static string? Known(ref Utf8JsonReader json)
    {
        foreach (string name in s_knownNames)
        {
            if (json.ValueTextEquals(name))
            {
                return name;
            }
        }

        return null;
    }

    // [timestamp, "value"], after its opening bracket: seconds with a fraction, and a number as a string (NaN included).
    private static (DateTimeOffset, double) ReadPoint(ref Utf8JsonReader json)
    {
        Expect(ref json, JsonTokenType.Number);
        var at = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(json.GetDouble() * 1000));
        Expect(ref json, JsonTokenType.String);
        double value = Number(json.ValueSpan);
        Expect(ref json, JsonTokenType.EndArray);
        return (at, value);
    }

    // Prometheus writes special values as NaN, +Inf and -Inf.
    private static double Number(ReadOnlySpan<byte> text) =>
        Utf8Parser.TryParse(text, out double value, out int used) && used == text.Length ? value
        : text.SequenceEqual("+Inf"u8) ? double.PositiveInfinity
        : text.SequenceEqual("-Inf"u8) ? double.NegativeInfinity
        : double.Parse(Encoding.UTF8.GetString(text), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);

    private static string String(ref Utf8JsonReader json)
    {
        Expect(ref json, JsonTokenType.String);
        return json.GetString()!;
    }

    private static JsonTokenType Next(ref Utf8JsonReader json) => json.Read() ? json.TokenType : throw new JsonException("the answer ends early");

    private static void Expect(ref Utf8JsonReader json, JsonTokenType type)
    {
        if (Next(ref json) != type)
        {
            throw new JsonException($"expected {type}, found {json.TokenType}");
        }
    }

    private static void Skip(ref Utf8JsonReader json)
    {
        json.Read();
        json.Skip();
    }
}
