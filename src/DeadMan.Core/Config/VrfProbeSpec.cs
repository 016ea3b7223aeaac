namespace DeadMan.Core.Config;

/// <summary><c>via=vrf relay=NAME</c>: ping within a VRF.</summary>
public sealed record VrfProbeSpec(string Vrf, string? Source, EchoSize? Echo = null) : ProbeSpec
{
    public override ProbeKind Kind => ProbeKind.Vrf;

    public override IEnumerable<KeyValuePair<string, string>> DisplayOptions() =>
        Present([("relay", Vrf), ("source", Source), .. (Echo ?? EchoSize.Default).Options()]);
}
