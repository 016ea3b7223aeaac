using DeadMan.Core.Probing;

namespace DeadMan.Core.Monitoring;

/// <summary>
/// A target as the scheduler sees it. The engine loop sets <see cref="Probe"/> or <see cref="Failure"/> when the
/// target's address is known or cannot be, and the scheduler thread reads them, hence volatile; until one is set the
/// target waits without using up rounds.
/// </summary>
/// <param name="timing">How many sends to remember follows from it: a result comes at most a timeout after its send.</param>
internal sealed class ScheduledTarget(int targetId, ProbeTiming timing)
{
    // When the last few rounds were sent, so a result that comes a timeout later is logged at its probe's time.
    // Written by the scheduler, read by the monitor loop: the round is published after the time it goes with. Sized
    // to the rounds a result can lag behind (three at 1 s and 1 s): 16 for every target took 2 MB at 10,000 hosts.
    private readonly long[] _sentRounds = Enumerable.Repeat(-1L, SendTimesFor(timing)).ToArray();
    private readonly long[] _sentUtcTicks = new long[SendTimesFor(timing)];

    private volatile IProbe? _probe;
    private volatile string? _failure;
    private long _nextRound;

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

    /// <summary>
    /// The round the next send will carry. Written only by the scheduler thread; the loop reads it at a pause and a
    /// reset, where a value a send behind only lets one result in flight count on the other side of the line.
    /// </summary>
    public long NextRound
    {
        get => Volatile.Read(ref _nextRound);
        set => Volatile.Write(ref _nextRound, value);
    }

    public void RecordSend(long round, DateTimeOffset at)
    {
        int slot = (int)(round % _sentRounds.Length);
        Volatile.Write(ref _sentRounds[slot], -1);
        Volatile.Write(ref _sentUtcTicks[slot], at.UtcTicks);
        Volatile.Write(ref _sentRounds[slot], round);
    }

    /// <summary>When <paramref name="round"/> was sent, if it is one of the last few.</summary>
    public DateTimeOffset? SentAt(long round)
    {
        int slot = (int)(round % _sentRounds.Length);
        long ticks = Volatile.Read(ref _sentUtcTicks[slot]);
        return Volatile.Read(ref _sentRounds[slot]) == round && Volatile.Read(ref _sentUtcTicks[slot]) == ticks
            ? new DateTimeOffset(ticks, TimeSpan.Zero)
            : null;
    }

    // The rounds sent while one waits for its result, and two more for the slot or two before the loop folds it in.
    private static int SendTimesFor(ProbeTiming timing) =>
        (int)Math.Clamp(Math.Ceiling(timing.Timeout / timing.Interval) + 2, 3, 64);
}
