namespace DeadMan.Core.Health;

/// <summary>
/// Every health rule, once: this table gives deadman.toml's schema its [health] keys, reads them from the file and
/// from host lines, and says them in --check's text and JSON. A new threshold is a row here, its property in
/// <see cref="HealthRules"/> and what it decides in <see cref="HealthJudge"/>.
/// </summary>
public static class HealthRuleKeys
{
    public static readonly IReadOnlyList<HealthRuleKey> All =
    [
        new("down_after", HealthValue.Count, "down after {0}", "failures in a row that make a host down", Limit: false, OnHostLine: true, r => r.DownAfter, (r, v) => r with { DownAfter = (int)v }),
        new("up_after", HealthValue.Count, "up after {0}", "replies in a row that bring it back", Limit: false, OnHostLine: true, r => r.UpAfter, (r, v) => r with { UpAfter = (int)v }),
        new("window", HealthValue.Duration, null, "loss, average RTT and jitter are measured over this", Limit: false, OnHostLine: false, r => r.Window, (r, v) => r with { Window = (TimeSpan)v }),
        new("loss_warn", HealthValue.Percent, "loss ≥ {0}", "loss from which a host is degraded, percent", Limit: true, OnHostLine: true, r => r.LossWarn, (r, v) => r with { LossWarn = (double)v }),
        new("rtt_warn", HealthValue.Duration, "avg RTT ≥ {0}", "average RTT from which a host is degraded", Limit: true, OnHostLine: true, r => r.RttWarn, (r, v) => r with { RttWarn = (TimeSpan)v }),
        new("jitter_warn", HealthValue.Duration, "jitter ≥ {0}", "jitter from which a host is degraded", Limit: true, OnHostLine: true, r => r.JitterWarn, (r, v) => r with { JitterWarn = (TimeSpan)v }),
        new("cert_warn", HealthValue.TimeLeft, "certificate warned {0} ahead", "time left on an https host's certificate below which it is degraded", Limit: false, OnHostLine: true, r => r.CertWarn, (r, v) => r with { CertWarn = (TimeSpan)v }),
        new("trace_every", HealthValue.Duration, "path traced every {0}", "trace the path to a host that answers this often, to see routes change (trace=on: 5m)", Limit: false, OnHostLine: true, r => r.TraceEvery, (r, v) => r with { TraceEvery = (TimeSpan)v }),
    ];

    /// <summary>The rule a host line's option sets ("loss-warn"), or null.</summary>
    public static HealthRuleKey? ByHostOption(string option) => All.FirstOrDefault(k => k.HostOption is not null && k.HostOption == option);

    /// <summary>
    /// The rules a table of deadman.toml sets, from what Tomlyn mapped its keys to (the checker has made sure each
    /// is a rule and holds a right value).
    /// </summary>
    public static HealthRules Read(IReadOnlyDictionary<string, object?>? table)
    {
        HealthRules rules = HealthRules.None;
        foreach (HealthRuleKey key in All)
        {
            if (table is not null && table.TryGetValue(key.Name, out object? raw) && raw is not null && HealthValues.TryRead(key.Value, raw, out object value))
            {
                rules = key.With(rules, value);
            }
        }

        return rules;
    }
}
