namespace DeadMan.Core.Probing.Icmp;

/// <summary>
/// Whom an echo answers: the target, where it was sent, and where its result goes; and what the engine has learnt of
/// the host's answers, to tell an overdue reply from a slow one. Only <see cref="ReplyDemux"/> touches the learning,
/// on the engine's loop.
/// </summary>
internal sealed class EchoWaiter(int targetId, IcmpDestination destination, IProbeSink sink)
{
    public int TargetId { get; } = targetId;

    public IcmpDestination Destination { get; } = destination;

    public IProbeSink Sink { get; } = sink;

    public RttEstimate Estimate { get; } = new();

    /// <summary>Rounds in a row whose confirmation echoes went unanswered: a host silent for long gets no more of them between rounds.</summary>
    public int SilentRounds { get; set; }
}

/// <summary>A confirmation echo to send now for the round whose echo has <paramref name="Sequence"/> and <paramref name="Nonce"/>.</summary>
internal readonly record struct DueConfirmation(EchoWaiter Waiter, ushort Sequence, uint Nonce);
