using DeadMan.Core.Probing;

namespace DeadMan.Core.Monitoring;

/// <summary>
/// A target as the scheduler sees it. Resolution fills <see cref="Probe"/> or <see cref="Failure"/> from
/// another thread, hence volatile; until one is set the target waits without using up rounds.
/// </summary>
internal sealed class ScheduledTarget(int targetId)
{
    private volatile IProbe? _probe;
    private volatile string? _failure;

    public int TargetId { get; } = targetId;

    public IProbe? Probe
    {
        get => _probe;
        set => _probe = value;
    }

    /// <summary>Why it cannot be probed now (its name does not resolve); each round then fails with it.</summary>
    public string? Failure
    {
        get => _failure;
        set => _failure = value;
    }

    /// <summary>Only the scheduler thread touches this.</summary>
    public long NextRound { get; set; }
}
