using System.Net;
using DeadMan.Core.Probing;

namespace DeadMan.Core.Monitoring;

/// <summary>What reaches the monitor loop: a probe result, or news about a target's address.</summary>
internal readonly record struct MonitorMessage(int TargetId, long Round, ProbeResult Result, AddressNews? Address);

/// <summary>Resolution finished (<paramref name="Address"/> set) or failed or is pending (<paramref name="Note"/> says which).</summary>
internal sealed record AddressNews(IPAddress? Address, string? Note);
