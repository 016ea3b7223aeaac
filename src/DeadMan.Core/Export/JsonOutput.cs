using System.Text.Encodings.Web;
using System.Text.Json;

namespace DeadMan.Core.Export;

internal static class JsonOutput
{
    // Host names may be Japanese: keep them readable rather than \u-escaped.
    public static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
