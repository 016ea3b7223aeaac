namespace DeadMan.Core.Probing.Icmp;

/// <summary>Whom an echo answers: the target, where it was sent, and where its result goes.</summary>
internal sealed record EchoWaiter(int TargetId, IcmpDestination Destination, IProbeSink Sink);
