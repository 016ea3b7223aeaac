namespace DeadMan.Core.Probing.Icmp;

/// <summary>
/// Whom an echo answers: the target, where it was sent, and where its result goes; and what the engine has learnt of
/// the host's answers, to tell an overdue reply from a slow one. Only <see cref="ReplyDemux"/> touches the learning,
/// on the engine's loop.
/// </summary>
/// <param name="payloadBytes">The round's echo's ICMP payload (size=); confirmation echoes are always ping's size.</param>
internal sealed class EchoWaiter(int targetId, IcmpDestination destination, IProbeSink sink, int payloadBytes = Config.EchoSize.DefaultPayload)
{
    public int TargetId { get; } = targetId;

    public IcmpDestination Destination { get; } = destination;

    public IProbeSink Sink { get; } = sink;

    public int PayloadBytes { get; } = payloadBytes;

    /// <summary>
    /// A trace's echo: its TTL or hop limit (0: the socket's own, a round's echo). Such an echo is never confirmed
    /// nor recovered, and an error that ends it keeps its RTT and sender (<see cref="ProbeResult.From"/>).
    /// </summary>
    public byte HopLimit { get; init; }

    /// <summary>
    /// A round's echo longer or shorter than a confirmation's: an answer to a confirmation then says the host is
    /// there, not that an echo of this size gets through.
    /// </summary>
    public bool Sized => PayloadBytes != Config.EchoSize.DefaultPayload;

    public RttEstimate Estimate { get; } = new();

    /// <summary>Rounds in a row whose confirmation echoes went unanswered: a host silent for long gets no more of them between rounds.</summary>
    public int SilentRounds { get; set; }
}

/// <summary>A confirmation echo to send now for the round whose echo has <paramref name="Sequence"/> and <paramref name="Nonce"/>.</summary>
internal readonly record struct DueConfirmation(EchoWaiter Waiter, ushort Sequence, uint Nonce);
