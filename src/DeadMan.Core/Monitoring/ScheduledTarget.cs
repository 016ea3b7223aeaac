using DeadMan.Core.Probing;

namespace DeadMan.Core.Monitoring;

/// <summary>
/// A target as the scheduler sees it. The engine loop sets <see cref="Probe"/> or <see cref="Failure"/> when the
/// target's address is known or cannot be; until one is set the target waits without using up rounds. Everything
/// here is written and read on the engine loop (the scheduler runs on it), or before it starts.
/// </summary>
/// <param name="timing">How many sends to remember follows from it: a result comes at most a timeout after its send.</param>
internal sealed class ScheduledTarget(int targetId, ProbeTiming timing)
{
    // When the last few rounds were sent, so a result that comes a timeout later is logged at its probe's time. Sized
    // to the rounds a result can lag behind (three at 1 s and 1 s): 16 for every target took 2 MB at 10,000 hosts.
    private readonly long[] _sentRounds = Enumerable.Repeat(-1L, SendTimesFor(timing)).ToArray();
    private readonly long[] _sentUtcTicks = new long[SendTimesFor(timing)];

    public int TargetId { get; } = targetId;

    public IProbe? Probe { get; set; }

    /// <summary>Why it cannot be probed now (its name does not resolve); each round then fails with it.</summary>
    public string? Failure { get; set; }

    /// <summary>The round the next send will carry.</summary>
    public long NextRound { get; set; }

    public void RecordSend(long round, DateTimeOffset at)
    {
        int slot = (int)(round % _sentRounds.Length);
        _sentRounds[slot] = round;
        _sentUtcTicks[slot] = at.UtcTicks;
    }

    /// <summary>When <paramref name="round"/> was sent, if it is one of the last few.</summary>
    public DateTimeOffset? SentAt(long round)
    {
        int slot = (int)(round % _sentRounds.Length);
        return _sentRounds[slot] == round ? new DateTimeOffset(_sentUtcTicks[slot], TimeSpan.Zero) : null;
    }

    // The rounds sent while one waits for its result, and two more for the slot or two before the loop folds it in.
    private static int SendTimesFor(ProbeTiming timing) =>
        (int)Math.Clamp(Math.Ceiling(timing.Timeout / timing.Interval) + 2, 3, 64);
}
