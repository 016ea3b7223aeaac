namespace DeadMan.Core.Config;

/// <summary><c>tcp=dstport:N</c>: a TCP handshake to that port.</summary>
public sealed record TcpProbeSpec(int Port, string? Source) : ProbeSpec
{
    public override ProbeKind Kind => ProbeKind.Tcp;

    public override IEnumerable<KeyValuePair<string, string>> DisplayOptions() =>
        Present(("dstport", Port), ("source", Source));
}
