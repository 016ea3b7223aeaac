using DeadMan.IntegrationTests.Lab;

namespace DeadMan.IntegrationTests.Remote;

/// <summary>
/// Issue 18: the Prometheus configuration and alert rules in examples/prometheus are what Prometheus's own promtool
/// accepts, and the rules fire as their comments say on series shaped like two agents' (promtool's rule unit tests).
/// </summary>
public sealed class PrometheusExamplesTests
{
    private static readonly string s_examples = Path.Combine(RepositoryRoot(), "examples", "prometheus");

    [Theory]
    [InlineData("check", "config", "prometheus.yml")]
    [InlineData("check", "rules", "deadman.rules.yml")]
    [InlineData("test", "rules", "deadman.rules.test.yml")]
    public void Should_pass_promtool_When_checking_the_examples(string verb, string what, string file)
    {
        var (exit, output, error) = Shell.RunChecked(["sh", "-c", $"cd '{s_examples}' && promtool {verb} {what} {file}"]);
        Assert.True(exit == 0, output + error);
        Assert.Contains("SUCCESS", output + error, StringComparison.Ordinal);
    }

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", ".."));
}
