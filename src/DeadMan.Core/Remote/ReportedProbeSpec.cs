using DeadMan.Core.Config;

namespace DeadMan.Core.Remote;

/// <summary>A probe other deadmans run, known here only by the kind their metrics label it with.</summary>
/// <param name="Reported">The kind label as it came (a newer agent's kind this version does not know is shown as ICMP with it).</param>
public sealed record ReportedProbeSpec(string Reported) : ProbeSpec
{
    public override ProbeKind Kind => ProbeKindNames.Parse(Reported) ?? ProbeKind.Icmp;

    public override IEnumerable<KeyValuePair<string, string>> DisplayOptions() =>
        ProbeKindNames.Parse(Reported) is null ? Present(("reported", Reported)) : [];
}
