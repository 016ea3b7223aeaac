namespace DeadMan.Core.Probing;

/// <summary>How one probe ended. Only <see cref="Reply"/> counts as an answer.</summary>
public enum ProbeOutcome : byte
{
    Reply = 1,
    Timeout,
    Unreachable,
    TimeExceeded,
    Error,
    Unresolved,
}
