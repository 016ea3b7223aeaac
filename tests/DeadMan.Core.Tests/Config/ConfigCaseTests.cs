using System.Text;
using DeadMan.Core.Config;
using DeadMan.Core.Export;
using DeadMan.Core.Settings;

namespace DeadMan.Core.Tests.Config;

/// <summary>Each <c>Cases/NAME.conf</c> parses to <c>Cases/NAME.expected.json</c>, in <c>--check --json</c> shape.</summary>
public class ConfigCaseTests
{
    private static readonly string s_cases = Path.Combine(Golden.ProjectDirectory, "Config", "Cases");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.GetFiles(s_cases, "*.conf").Order())
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Should_match_expected_json_When_parsing_case(string name)
    {
        // Given
        string text = File.ReadAllText(Path.Combine(s_cases, name + ".conf"));

        // When
        ConfigResult result = ConfigParser.Parse(text, name + ".conf");

        // Then
        using var json = new MemoryStream();
        if (result.HasErrors)
        {
            CheckReport.WriteErrorsJson(result.Diagnostics, json);
        }
        else
        {
            CheckReport.WriteJson(result, DeadmanSettings.None, json);
        }

        Golden.AssertJson(Path.Combine(s_cases, name + ".expected.json"), Encoding.UTF8.GetString(json.ToArray()));
    }
}
