namespace DeadMan.Core.Alerts;

/// <summary>How one delivery went, for the event log.</summary>
public sealed record AlertOutcome(string Route, string Event, int Hosts, bool Delivered, string Detail);
