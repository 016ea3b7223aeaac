using DeadMan.Core.Config;
using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;

namespace DeadMan.Core.Remote;

/// <summary>One host's row in the viewer, as its loop keeps it between reads (only that loop touches it).</summary>
internal sealed class RemoteTarget(int id, TargetSpec spec, HistoryRing history, DateTimeOffset since)
{
    public int Id => id;

    public TargetSpec Spec { get; set; } = spec;

    public HistoryRing History => history;

    public TargetStatus Status { get; set; }

    public DateTimeOffset Since { get; set; } = since;

    public DateTimeOffset? LastChange { get; set; }

    public TargetView? View { get; set; }
}
