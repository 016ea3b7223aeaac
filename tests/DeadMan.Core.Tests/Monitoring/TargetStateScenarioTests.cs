using System.Globalization;
using DeadMan.Core.Config;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing;

namespace DeadMan.Core.Tests.Monitoring;

/// <summary>
/// Statistics are a pure fold over results. Each <c>Scenarios/*.txt</c> lists results (<c>ok 10ms</c>, <c>timeout</c>,
/// <c>unreachable</c>, optionally <c>@round</c> first; <c>timeout answered</c>: lost, but the host answered a
/// confirmation echo), verdicts of confirmation echoes on the next round before it ends (<c>silent</c>,
/// <c>answers</c>), then <c>-----</c>, then the expected figures.
/// </summary>
public class TargetStateScenarioTests
{
    private static readonly string s_scenarios = Path.Combine(Golden.ProjectDirectory, "Monitoring", "Scenarios");

    public static TheoryData<string> Scenarios()
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.GetFiles(s_scenarios, "*.txt").Order())
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Should_reach_expected_figures_When_folding_scenario(string name)
    {
        // Given
        string[] lines = File.ReadAllLines(Path.Combine(s_scenarios, name + ".txt"))
                             .Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();
        int split = Array.IndexOf(lines, "-----");
        var spec = new TargetSpec("t", new TargetAddress("192.0.2.1", System.Net.IPAddress.Parse("192.0.2.1"), null), new IcmpProbeSpec(null), null, 1);
        var state = new TargetState(0, spec, 16, null, DateTimeOffset.UnixEpoch);

        // When
        long round = 0;
        foreach (string line in lines[..split])
        {
            if (line is "silent" or "answers")
            {
                state.Verdict(round, line == "answers", DateTimeOffset.UnixEpoch);
                continue;
            }

            (long at, ProbeResult result) = ParseResult(line, round);
            state.Apply(at, result, DateTimeOffset.UnixEpoch);
            round = at + 1;
        }

        // Then
        TargetView view = state.View;
        foreach (string pair in lines[split + 1].Split(' '))
        {
            string[] kv = pair.Split('=');
            Assert.True(Matches(view, kv[0], kv[1]), $"{name}: expected {pair}, got {Actual(view, kv[0])}");
        }
    }

    private static (long Round, ProbeResult Result) ParseResult(string line, long next)
    {
        string[] words = line.Split(' ');
        long round = next;
        if (words[0].StartsWith('@'))
        {
            round = long.Parse(words[0][1..], CultureInfo.InvariantCulture);
            words = words[1..];
        }

        return words[0] switch
        {
            "ok" => (round, ProbeResult.Reply(TimeSpan.FromMilliseconds(double.Parse(words[1].TrimEnd('m', 's'), CultureInfo.InvariantCulture)), 64)),
            "timeout" when words is [_, "answered"] => (round, ProbeResult.Timeout() with { HostAnswered = true, Confirmations = 1 }),
            "timeout" => (round, ProbeResult.Timeout()),
            "unreachable" => (round, ProbeResult.Failed(ProbeOutcome.Unreachable, "host unreachable")),
            _ => throw new FormatException(line),
        };
    }

    private static bool Matches(TargetView view, string key, string expected) => key == "state"
        ? Actual(view, key) == expected
        : Math.Abs(double.Parse(Actual(view, key), CultureInfo.InvariantCulture) - double.Parse(expected, CultureInfo.InvariantCulture)) < 0.05;

    private static string Actual(TargetView view, string key) => key switch
    {
        "sent" => view.Sent.ToString(CultureInfo.InvariantCulture),
        "received" => view.Received.ToString(CultureInfo.InvariantCulture),
        "loss_pct" => view.LossPercent.ToString(CultureInfo.InvariantCulture),
        "rtt_last_ms" => view.Rtt.Last.TotalMilliseconds.ToString(CultureInfo.InvariantCulture),
        "rtt_avg_ms" => (view.Rtt.Average?.TotalMilliseconds ?? double.NaN).ToString(CultureInfo.InvariantCulture),
        "rtt_min_ms" => view.Rtt.Min.TotalMilliseconds.ToString(CultureInfo.InvariantCulture),
        "rtt_max_ms" => view.Rtt.Max.TotalMilliseconds.ToString(CultureInfo.InvariantCulture),
        "jitter_ms" => (view.Rtt.Jitter?.TotalMilliseconds ?? double.NaN).ToString(CultureInfo.InvariantCulture),
        "state" => view.Status.ToString().ToLowerInvariant(),
        "confirmations" => view.TotalConfirmations.ToString(CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"unknown key {key}"),
    };
}
