using System.Text.Json;

namespace DeadMan.IntegrationTests.Lab;

/// <summary>The built <c>deadman</c> run headless (<c>--count … --json</c>), its targets read back by name.</summary>
public static class DeadmanReport
{
    public static string Binary { get; } = DeadmanBinary.Path;

    /// <summary>Runs <c>deadman ARGS --json CONFIG</c>, inside <paramref name="ns"/> when given, within a minute.</summary>
    public static Dictionary<string, JsonElement> Targets(string? ns, string configPath, params string[] args)
    {
        string[] run = [Binary, .. args, "--json", configPath];
        var (_, output, error) = Shell.RunChecked(ns is null ? run : ["ip", "netns", "exec", ns, .. run], limit: TimeSpan.FromSeconds(60));
        Assert.True(output.Length > 0, error);
        return JsonDocument.Parse(output).RootElement.GetProperty("targets").EnumerateArray()
                           .ToDictionary(t => t.GetProperty("name").GetString()!, t => t.Clone());
    }
}
