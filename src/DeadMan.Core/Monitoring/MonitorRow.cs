using DeadMan.Core.Config;

namespace DeadMan.Core.Monitoring;

/// <summary>One line of the file's layout: a target or a separator, in file order.</summary>
public readonly record struct MonitorRow(TargetView? Target, SeparatorSpec? Separator);
