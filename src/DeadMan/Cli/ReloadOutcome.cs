namespace DeadMan.Cli;

/// <summary>How a reload went: the line for the operator, and how many targets the file now has.</summary>
internal sealed record ReloadOutcome(bool Failed, string Message, int Targets)
{
    /// <summary>deadman.toml as read again, when there is one and the reload went well.</summary>
    public Core.Settings.DeadmanSettings? Settings { get; init; }
}
