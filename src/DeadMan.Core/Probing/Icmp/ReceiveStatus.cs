namespace DeadMan.Core.Probing.Icmp;

internal enum ReceiveStatus
{
    /// <summary>An ICMP packet arrived.</summary>
    Packet,

    /// <summary>A ping socket's error queue gave back one of our requests with the ICMP error it caused.</summary>
    QueuedError,

    /// <summary>Nothing was waiting to be read.</summary>
    Nothing,
}
