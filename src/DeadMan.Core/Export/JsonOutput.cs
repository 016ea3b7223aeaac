using System.Text.Encodings.Web;
using System.Text.Json;

namespace DeadMan.Core.Export;

/// <summary>How every JSON document deadman writes spells text and numbers.</summary>
internal static class JsonOutput
{
    // Host names may be Japanese: keep them readable rather than \u-escaped.
    public static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A figure to a tenth, or null when there is none.</summary>
    public static void WriteNumber(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, Math.Round(v, 1));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    /// <summary>A time in milliseconds to the microsecond, or null when there is none.</summary>
    public static void WriteMs(Utf8JsonWriter json, string name, TimeSpan? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, Math.Round(v.TotalMilliseconds, 3));
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
