namespace DeadMan.Core.Config;

/// <summary>One meaningful line of a deadman.conf: a target or a separator.</summary>
public abstract record ConfigEntry(int Line);
