namespace DeadMan.Core.Config;

/// <summary>ICMP echo, deadman's default; <paramref name="Source"/> is an interface name or address to send from.</summary>
public sealed record IcmpProbeSpec(string? Source, EchoSize? Echo = null) : ProbeSpec
{
    public override ProbeKind Kind => ProbeKind.Icmp;

    public override IEnumerable<KeyValuePair<string, string>> DisplayOptions() => Present([("source", Source), .. (Echo ?? EchoSize.Default).Options()]);
}
