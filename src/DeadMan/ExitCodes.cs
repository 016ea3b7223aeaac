namespace DeadMan;

/// <summary>The process exit codes, a stable surface scripts rely on.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int HostDown = 1;
    public const int BadUsage = 2;
    public const int NoPrivilege = 3;
}
