using DeadMan.Core.Config;

namespace DeadMan.Core.Tests.Config;

/// <summary>The files a new user starts from must parse cleanly (trippy's test_config_sample).</summary>
public class SampleConfigTests
{
    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string> { "deadman.conf.sample" };
        string examples = Path.Combine(Golden.RepositoryRoot, "examples");
        foreach (string file in Directory.EnumerateFiles(examples, "*.conf", SearchOption.AllDirectories).Order())
        {
            data.Add(Path.GetRelativePath(Golden.RepositoryRoot, file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Should_parse_without_diagnostics_When_reading_shipped_config(string relativePath)
    {
        // Given
        string text = File.ReadAllText(Path.Combine(Golden.RepositoryRoot, relativePath));

        // When
        ConfigResult result = ConfigParser.Parse(text, relativePath);

        // Then
        Assert.Empty(result.Diagnostics);
        Assert.NotEmpty(result.Targets);
    }
}
