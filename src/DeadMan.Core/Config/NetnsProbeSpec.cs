namespace DeadMan.Core.Config;

/// <summary><c>via=netns relay=NAME</c>: ping from inside a Linux network namespace.</summary>
public sealed record NetnsProbeSpec(string Namespace, string? Source, EchoSize? Echo = null) : ProbeSpec
{
    public override ProbeKind Kind => ProbeKind.Netns;

    public override IEnumerable<KeyValuePair<string, string>> DisplayOptions() =>
        Present([("relay", Namespace), ("source", Source), .. (Echo ?? EchoSize.Default).Options()]);
}
